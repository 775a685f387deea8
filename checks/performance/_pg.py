"""Shared by the PostgreSQL performance checks (PRF010-PRF029): rates over the time the counters cover,
and the previous period's figures from the snapshot store. Not a check (the registry reads folders only).

Every PRF check opts in to the window (EngineSupport.window): with snapshots covering it the counters
are in-window increases and ``days_since`` the time the snapshots cover (checks/window.py); without them
its SQL's counters run since their start (the database's stats reset or the last crash, or the shared
view's reset) and ``days_since`` is that age — the messages say which.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks.judges import Levels, num
from checks.spec import T, Threshold, Verdict
from dbpatrol.results import Outcome

# pg-perf-review S1: a rate (or a ratio of counters) over the few seconds after a stats reset, a fresh cluster or two
# snapshots a moment apart is no finding. Below this much covered time PRF010/PRF012/PRF014/PRF015 are SKIPPED "too
# little time covered", on both bases.
MIN_COVERED = Threshold(
    name="min_covered_h", unit="hours", kind="guard", value=1,
    rationale="1 hour: four of the sampler's default 15-minute intervals and twelve checkpoint_timeout periods at its "
              "5-minute default, so a rate is a mean over the workload, not over one burst, one checkpoint or one "
              "batch (pgwatch and pg-healthcheck rate over their own sampling, never over a just-reset counter); "
              "below it SKIPPED 'too little time covered', never rated")
SHORT = {
    "short": T("not applicable (too little time covered): the counters run since {counters_since} (a stats reset, a crash or "
               "a new cluster), under {min_covered_h} h, and no snapshots cover the window; a rate over that is no "
               "finding",
               "不适用（覆盖时间过短）：计数自 {counters_since}（统计重置、崩溃或新建集群）起算，不足 {min_covered_h} 小时，"
               "且没有快照覆盖窗口；据此计算的速率不构成结论"),
    "window.short": T("not applicable (too little time covered): the snapshots from {window_since} to {window_until} cover "
                      "under {min_covered_h} h ({coverage_pct}% of the window); a rate over that is no finding",
                      "不适用（覆盖时间过短）：快照 {window_since} 至 {window_until} 覆盖不足 {min_covered_h} 小时"
                      "（窗口的 {coverage_pct}%）；据此计算的速率不构成结论"),
}


def too_short(rows: list[dict[str, Any]], th: dict[str, Levels]) -> Verdict | None:
    """SKIPPED "too little time covered" when the rows' counters (the longest-covered row's) cover less than
    ``min_covered_h``; None when there is enough time to rate (or no row: the check's own message)."""
    covered = [s for s in (seconds(r) for r in rows) if s is not None]
    hours = th["min_covered_h"].value or 0
    if not rows or hours <= 0 or (covered and max(covered) >= hours * 3600):
        return None  # a guard of 0 never skips, even when the rows cover no measurable interval
    since = next((r.get("counters_since") for r in rows if r.get("counters_since") is not None), None)
    return Verdict(outcome=Outcome.SKIPPED, message="short", evidence=list(rows)[:20],
                   params={"counters_since": utc_iso(since) if isinstance(since, dt.datetime) else since,
                           "min_covered_h": f"{hours:g}"})



def seconds(row: dict[str, Any]) -> float | None:
    """The time the row's counters cover, in seconds (None or 0: no interval to rate)."""
    days = num(row.get("days_since"))
    return None if days is None or days <= 0 else days * 86400


def per_s(value: Any, secs: float | None, digits: int = 2) -> float | None:
    v = num(value)
    if v is None or not secs:
        return None
    return round(v / secs, digits)


def pct(part: Any, whole: Any, digits: int = 2) -> float | None:
    p, w = num(part), num(whole)
    if p is None or not w:
        return None
    return round(100.0 * p / w, digits)


def previous_period(ctx, rows: list[dict[str, Any]], spec_window, columns: dict[str, str]) -> list[dict[str, Any]]:
    """``rows`` with ``prev_<name>`` columns: the in-window increase of each ``columns`` counter (check
    column → name) over the period of the same length just before the window, and ``prev_days`` (the
    time the snapshots cover there), from the store; None where it holds no snapshots of that period."""
    from checks.window import evaluate

    out = [dict(r, **{f"prev_{n}": None for n in columns.values()}, prev_days=None) for r in rows]
    s = ctx.session
    if getattr(s, "snapshots", None) is None or not getattr(s, "instance_name", None):
        return out
    start, end = ctx.window_start, ctx.window_end
    prev = (start - (end - start), start)
    try:
        points = s.snapshots.points(s.instance_name, spec_window.source, prev[0], prev[1])
        w = evaluate(spec_window, rows, points, prev, spec_window.object_of)
    except Exception:  # noqa: BLE001 - an unreadable store: no previous period, said so by the None
        return out
    if w is None:
        return out
    by_obj = {spec_window.object_of(r): r for r in w.rows if r.get("window_coverage_pct") is not None}
    for r in out:
        p = by_obj.get(spec_window.object_of(r))
        if p is None:
            continue
        for col, name in columns.items():
            r[f"prev_{name}"] = p.get(col)
        r["prev_days"] = p.get("days_since")
    return out


def utc_iso(t: dt.datetime | None) -> str | None:
    if t is None:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return t.replace(microsecond=0).isoformat() + "Z"


def shown(v: Any) -> str:
    """A rate or a mean as a message shows it: three significant figures below 100 (0.066 MB/s, 4.03 ms —
    the results model's one decimal would make them 0.1 or 0.0), whole numbers with separators above;
    'n/a' for None."""
    n = num(v)
    if n is None:
        return "n/a"
    if n == 0:
        return "0"
    if abs(n) >= 100:
        return f"{n:,.0f}"
    return f"{n:.3g}"
