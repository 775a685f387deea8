"""PRF039: data growth per day over the window (least squares over the stored my.schema_sizes snapshots) and the
days left until the data directory's filesystem is full (its free space over SSH, checks/host as OSH001 reads it;
without SSH access: unknown, never OK)."""

from __future__ import annotations

import datetime as dt

from checks import samples
from checks.collect import CollectSkip

SOURCE = "my.schema_sizes"


def slope_per_day(points: list[tuple[dt.datetime, float]]) -> float | None:
    """Least-squares slope of (time, bytes) in bytes per day; None under two distinct times."""
    if len(points) < 2:
        return None
    t0 = points[0][0]
    xs = [(t - t0).total_seconds() / 86400 for t, _ in points]
    ys = [v for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx <= 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def free_space(ctx) -> tuple[float | None, str | None, str]:
    """(free bytes, mount, why unknown) of the data directory's filesystem, over SSH (checks/host/fs.py)."""
    from checks.host import fs

    try:
        rows = fs.rows(ctx, inodes=False)
    except CollectSkip as skip:
        return None, None, skip.en
    data = [r for r in rows if "data" in str(r.get("role")) and r.get("avail_mb") is not None]
    if not data:
        return None, None, "df of the data directory failed"
    return data[0]["avail_mb"] * 1048576, data[0].get("mount"), ""


def mysql(ctx):
    session = ctx.session
    now_rows = ctx.run(samples.sql_for(samples.by_name(SOURCE), session.flavor, session.version))
    current = {str(r["object"]): samples.numbers(r.get("data")).get("bytes") or 0 for r in now_rows}
    series: dict[dt.datetime, float] = {}
    span = (None, None)
    if session.snapshots is not None and session.instance_name:
        points = session.snapshots.points(session.instance_name, SOURCE, ctx.window_start, ctx.window_end)
        totals: dict[dt.datetime, float] = {}
        for pts in points.values():
            for p in pts:
                totals[p.taken_at] = totals.get(p.taken_at, 0.0) + float(p.data.get("bytes") or 0)
        series = dict(sorted(totals.items()))
        if series:
            span = (min(series), max(series))
    pts = list(series.items())
    # how often the total moved between snapshots: 0 over a week means InnoDB's persistent statistics did not
    # follow the tables (innodb_stats_auto_recalc OFF, STATS_PERSISTENT=0, big tables under their 10 % of changed
    # rows), not that the data stood still (review mysql-perf-review-2 #3)
    size_changes = sum(1 for (_, a), (_, b) in zip(pts, pts[1:]) if a != b)
    growth = slope_per_day(pts)
    free, mount, why = free_space(ctx)
    total_now = sum(current.values())
    days_left = None
    if free is not None and growth is not None and growth > 0:
        days_left = round(free / growth, 1)
    covered = (span[1] - span[0]).total_seconds() / 86400 if span[0] else 0.0
    return [{"total_bytes": int(total_now), "schemas": len(current), "samples": len(pts), "size_changes": size_changes,
             "covered_days": round(covered, 3), "growth_bytes_per_day": round(growth) if growth is not None else None,
             "free_bytes": int(free) if free is not None else None, "mount": mount, "days_left": days_left,
             "free_unknown_why": why or None,
             "counters_since": span[0], "counters_until": span[1]}]


mariadb = mysql
