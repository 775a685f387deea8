"""PRF002: statements whose mean time in the window grew against the previous period of the same length,
both from the stored pg.statements snapshots (checks/performance/_statements). There is no fallback: the
counters since the reset hold no previous period."""

from __future__ import annotations

from checks.collect import CollectSkip
from checks.performance._statements import _iso, base_row, statements, texts

LIMIT = 50


def postgresql(ctx):
    start, end = ctx.window_start, ctx.window_end
    prev_start = start - (end - start)
    now = statements(ctx, start, end, fallback=False)
    before = statements(ctx, prev_start, start, fallback=False) if now is not None else None
    if now is None or before is None:
        missing = "the window" if now is None else f"the previous period ({_iso(prev_start)} → {_iso(start)})"
        raise CollectSkip("not_applicable", f"no statement snapshots cover {missing}: a mean time can only be "
                          "compared between two periods dbpatrol sampled (run the sampler, dbpatrol sampler start, or "
                          "consecutive scheduled inspections)",
                          f"没有语句快照覆盖{'本窗口' if now is None else '上一周期'}：只能比较 dbpatrol 采样过的两个周期的平均耗时"
                          "（请运行采样器 dbpatrol sampler start，或定期执行巡检）")
    min_calls = ctx.thresholds["min_calls"].value or 0
    rows = []
    for key, f in now.stats.items():
        p = before.stats.get(key)
        if not p or (f.get("calls") or 0) < min_calls or (p.get("calls") or 0) < min_calls:
            continue
        mean_now = (f.get("total_exec_time") or 0) / f["calls"]
        mean_prev = (p.get("total_exec_time") or 0) / p["calls"]
        factor = round(mean_now / mean_prev, 2) if mean_prev > 0 else None
        rows.append((factor or 0, key, p, mean_prev))
    rows.sort(key=lambda t: (-t[0], t[1]))
    rows = rows[:LIMIT]
    txt = texts(ctx, now, [k for _, k, _, _ in rows])
    out = []
    for factor, key, p, mean_prev in rows:
        r = base_row(ctx, now, key, txt.get(key))
        r.update(factor=factor, prev_calls=int(p.get("calls") or 0), prev_mean_time_ms=round(mean_prev, 3),
                 prev_since=_iso(before.since), prev_until=_iso(before.until), prev_lower_bound=before.lower_bound,
                 compared=len(rows))
        out.append(r)
    if not out:
        r = base_row(ctx, now, "", None)
        r.update(statement=None, query=None, calls=0, factor=None, prev_calls=0, prev_mean_time_ms=None,
                 prev_since=_iso(before.since), prev_until=_iso(before.until), prev_lower_bound=before.lower_bound,
                 compared=0)
        out.append(r)
    return out
