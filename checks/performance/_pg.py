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

from checks.judges import num



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
