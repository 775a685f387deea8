"""PRF042: the wait events that took most time in the window (performance_schema
events_waits_summary_global_by_event_name increases from the stored my.waits snapshots; else since the server
start), idle left out, each as average sessions waiting on it over the time covered."""

from __future__ import annotations

from checks.performance._mydigests import common, figures, require_consumers, seconds_of

SOURCE = "my.waits"
COLUMNS = ("count_star", "sum_timer_wait")


def mysql(ctx):
    require_consumers(ctx, ("global_instrumentation",))
    f = figures(ctx, SOURCE, COLUMNS, "count_star")
    top = int(ctx.thresholds["top"].value)
    secs = seconds_of(f)
    # the share is of the waits themselves: wait/io/table/* (handler time) nests the file I/O waits and would count
    # them twice (review mysql-perf-review-2 S2); it has no share of them (None)
    total_all = sum(s.get("sum_timer_wait") or 0.0 for k, s in f.stats.items() if not k.startswith("wait/io/table/"))
    ranked = sorted(f.stats, key=lambda k: (-(f.stats[k].get("sum_timer_wait") or 0.0), k))[:top]
    rows = []
    for i, k in enumerate(ranked, 1):
        s = f.stats[k]
        count, ms = int(s.get("count_star") or 0), float(s.get("sum_timer_wait") or 0.0)
        rows.append({"event_name": k, "wait_class": "/".join(k.split("/")[:3]), "rank": i, "waits": count,
                     "total_ms": round(ms, 3), "avg_ms": round(ms / count, 4) if count else None,
                     "avg_sessions": round(ms / 1000 / secs, 4) if secs else None,
                     "time_pct": None if k.startswith("wait/io/table/") else round(100 * ms / total_all, 1) if total_all else 0.0, "events": len(f.stats),
                     "covered_s": round(secs or 0, 1), **common(f)})
    if not rows:
        rows.append({"event_name": None, "wait_class": None, "rank": 0, "waits": 0, "total_ms": 0.0, "avg_ms": None,
                     "avg_sessions": None, "time_pct": 0.0, "events": 0, "covered_s": round(secs or 0, 1), **common(f)})
    return rows


mariadb = mysql
