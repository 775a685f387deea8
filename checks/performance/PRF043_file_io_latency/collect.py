"""PRF043: file I/O latency per kind of file in the window (performance_schema file_summary_by_event_name
increases from the stored my.file_io snapshots; else since the server start): average read and write time."""

from __future__ import annotations

from checks.performance._mydigests import common, figures, require_consumers, seconds_of

SOURCE = "my.file_io"
COLUMNS = ("count_read", "sum_timer_read", "bytes_read", "count_write", "sum_timer_write", "bytes_write",
           "count_misc", "sum_timer_misc")


def _avg(ms, n):
    return round(ms / n, 4) if n else None


def mysql(ctx):
    require_consumers(ctx, ("global_instrumentation",))
    f = figures(ctx, SOURCE, COLUMNS, "count_read")
    g = figures(ctx, SOURCE, COLUMNS, "count_write") if f.basis == "window" else f
    stats = {**g.stats, **f.stats}  # files that only wrote in the window too
    secs = seconds_of(f)
    ranked = sorted(stats, key=lambda k: (-((stats[k].get("sum_timer_read") or 0) + (stats[k].get("sum_timer_write") or 0)), k))
    rows = []
    for k in ranked[: int(ctx.thresholds["top"].value)]:
        s = stats[k]
        reads, writes = int(s.get("count_read") or 0), int(s.get("count_write") or 0)
        rms, wms = float(s.get("sum_timer_read") or 0.0), float(s.get("sum_timer_write") or 0.0)
        rows.append({"event_name": k, "reads": reads, "read_ms": round(rms, 3), "avg_read_ms": _avg(rms, reads),
                     "read_mb": round((s.get("bytes_read") or 0) / 1048576, 1), "writes": writes,
                     "write_ms": round(wms, 3), "avg_write_ms": _avg(wms, writes),
                     "write_mb": round((s.get("bytes_write") or 0) / 1048576, 1), "covered_s": round(secs or 0, 1),
                     **common(f)})
    if not rows:
        rows.append({"event_name": None, "reads": 0, "read_ms": 0.0, "avg_read_ms": None, "read_mb": 0.0, "writes": 0,
                     "write_ms": 0.0, "avg_write_ms": None, "write_mb": 0.0, "covered_s": round(secs or 0, 1), **common(f)})
    return rows


mariadb = mysql
