"""Shared pieces of the MySQL 8 / MariaDB counter checks of the performance tiers (PRF030–PRF038).

Each check's SQL reads global status counters since the server started (counters_since = now − Uptime:
on MariaDB 10.11 FLUSH STATUS was measured to leave Created_tmp_tables, Select_full_join, Opened_tables,
Threads_created and the Sort_* counters alone; a counter that does drop is a reset for checks/window.py)
less this monitoring session's own (SESSION_STATUS), and its WindowSpec replaces them with their increase
between stored ``my.status`` snapshots. What is rated is a share (or an average), and only over enough
activity: ``rated`` makes the finding SKIPPED "too little activity" below a per-day floor, so a quiet
server, a fresh restart or a window holding little more than the sampler's own few statements is never
called healthy or unhealthy on a handful of events.
"""

from __future__ import annotations

from typing import Any, Callable

from checks.judges import Levels, num
from checks.spec import T, Verdict
from dbpatrol.results import Outcome, Text

CUMULATIVE = T("since the server start {counters_since} (cumulative counters, not a window delta)",
               "自实例启动 {counters_since} 以来（累计计数，非窗口内增量）")
# Without the start time: a SKIPPED message must read the same for two sessions a moment apart (now - Uptime moves
# by a second at random), so "too little activity" messages name no moving figure; the figures are in the evidence.
CUMULATIVE_PLAIN = T("since the server start", "自实例启动以来")
WINDOW = T("in the window ({window_since} to {window_until} from snapshots, {coverage_pct}% of the window)",
           "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）")
SAMPLER_NOTE = ("dbpatrol's own statements (the sampler's and the inspections' sessions) are taken out of window "
                "deltas: each writer stores its session's counters with its snapshot (checks.window.own_share)")


def messages(texts: dict[str, Text]) -> dict[str, Text]:
    """Each message twice: as said over counters since the start, and (``window.<key>``) over the window.
    Texts write ``{basis}`` where the basis goes (``{basis_plain}``: without the start time over counters)."""
    out: dict[str, Text] = {}
    for key, text in texts.items():
        for prefix, basis, plain in (("", CUMULATIVE, CUMULATIVE_PLAIN), ("window.", WINDOW, WINDOW)):
            out[prefix + key] = Text(en=text.en.replace("{basis}", basis.en).replace("{basis_plain}", plain.en),
                                     zh=(text.zh or text.en).replace("{basis}", basis.zh).replace("{basis_plain}", plain.zh))
    return out


def days_of(row: dict[str, Any]) -> float:
    return max(num(row.get("days_since")) or 0.0, 0.0)


def floor_for(row: dict[str, Any], per_day: float) -> float:
    """The activity a row needs to be rated: ``per_day`` for each day counted, and at least one day's worth
    (a young counter is not extrapolated)."""
    return per_day * max(days_of(row), 1.0)


def pct(part: Any, whole: Any, digits: int = 2) -> float | None:
    p, w = num(part), num(whole)
    if p is None or not w:
        return None
    return round(100.0 * p / w, digits)


def rated(rows: list[dict[str, Any]], th: dict[str, Levels], *, value: str, threshold: str, activity: str,
          floor: str, compute: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
          not_applicable: Callable[[dict[str, Any]], bool] | None = None, per_day: bool = True) -> Verdict:
    """One summary row: SKIPPED when ``not_applicable(row)``, or when ``row[activity]`` is under the floor guard
    ``floor`` (``per_day``: that many for each day counted, at least one day's worth; else an absolute count); else ``row[value]`` classified by ``threshold`` (message ok / problem)."""
    row = dict(rows[0]) if rows else {}
    if compute is not None:
        row.update(compute(row))
    minimum = th[floor].value or 0
    need = floor_for(row, minimum) if per_day else minimum
    params = {**row, "value": row.get(value), floor: minimum, "floor_needed": round(need),
              "days_counted": round(days_of(row), 2)}
    if not rows:
        return Verdict(outcome=Outcome.ERROR, message="no_row", params=params, evidence=[])
    if not_applicable is not None and not_applicable(row):
        return Verdict(outcome=Outcome.SKIPPED, message="not_applicable", params=params, evidence=[row])
    if (num(row.get(activity)) or 0) < need or row.get(value) is None:
        return Verdict(outcome=Outcome.SKIPPED, message="too_little", params=params, evidence=[row])
    outcome = th[threshold].classify(num(row.get(value)))
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=[row])


NO_ROW = T("the status query returned no row", "状态查询未返回数据")
