"""Judge helpers shared by the running-status checks (not a check: the registry only loads folders).

``rows_judge`` classifies every row against several (column, threshold) rules plus an optional
per-row ``flag`` for conditions that are faults by their nature (a stopped replica thread, an
inactive slot); the worst row decides. ``summary_judge`` does the same for one summary row.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from checks.judges import EVIDENCE_LIMIT, JudgeContext, Levels, uses
from checks.spec import Verdict
from dbpatrol.results import Outcome

# flag(row, ctx) -> (outcome, message_key) or None
Flag = Callable[[dict[str, Any], JudgeContext], "tuple[Outcome, str] | None"]


# Identifiers shown in messages as they are (no thousands separator: "pid 20415", not "pid 20,415").
ID_COLUMNS = frozenset({"pid", "blocked_pid", "blocking_pids", "holder", "gid", "slot_name", "connection_name",
                        "last_io_errno", "last_sql_errno"})


def as_params(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if k in ID_COLUMNS and v is not None else v) for k, v in row.items()}


def num(v: Any) -> float | None:
    if v is None or isinstance(v, str) and not v.strip():
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def rate_row(row: dict[str, Any], rules: Iterable[tuple[str, str]], th: dict[str, Levels], ctx: JudgeContext,
             flag: Flag | None, problem: str) -> tuple[Outcome, str]:
    """The row's worst outcome and the message key that explains it."""
    outcome, key = Outcome.OK, "ok"
    for column, threshold in rules:
        o = th[threshold].classify(num(row.get(column)))
        if o.rank > outcome.rank:
            outcome, key = o, problem
    if flag is not None:
        flagged = flag(row, ctx)
        if flagged and flagged[0].rank > outcome.rank:
            outcome, key = flagged
    return outcome, key


def rows_judge(rules: list[tuple[str, str]], *, problem: str = "problem", flag: Flag | None = None,
               count_threshold: str | None = None, count_problem: str = "count", extra_uses: Iterable[str] = ()):
    """One row per offender. ``rules``: (column, threshold) pairs; the first column orders evidence.

    ``count_threshold`` (optional) classifies the number of rows returned, for checks where many
    simultaneous offenders are a fault even when each one is still young. Message params: every
    column of the worst row, ``value`` (its first rule column), ``count`` (rows breaching),
    ``total`` (rows seen).
    """
    names = [t for _, t in rules] + ([count_threshold] if count_threshold else []) + list(extra_uses)
    sort_col = rules[0][0] if rules else None

    @uses(*names)
    def judge(rows, th, ctx) -> Verdict:
        rated = [(r, *rate_row(r, rules, th, ctx, flag, problem)) for r in rows]
        bad = [x for x in rated if x[1] is not Outcome.OK]
        bad.sort(key=lambda x: (-x[1].rank, -(num(x[0].get(sort_col)) or 0) if sort_col else 0))
        outcome = Outcome.worst(o for _, o, _ in rated)
        key = bad[0][2] if bad else "ok"
        worst = bad[0][0] if bad else (rows[0] if rows else {})
        if count_threshold:
            oc = th[count_threshold].classify(len(rows))
            if oc.rank > outcome.rank:
                outcome, key = oc, count_problem
                worst = rows[0] if not bad else worst
        params = {**as_params(worst), "value": num(worst.get(sort_col)) if sort_col else None,
                  "count": len(bad), "total": len(rows)}
        evidence = [r for r, _, _ in bad] or rows
        return Verdict(outcome=outcome, message=key, params=params, evidence=evidence[:EVIDENCE_LIMIT])

    return judge


def summary_judge(rules: list[tuple[str, str]], *, problem: str = "problem", flag: Flag | None = None,
                  empty: tuple[Outcome, str] = (Outcome.OK, "ok")):
    """One summary row: classify it like ``rows_judge`` does one row; ``empty`` when no row came back."""

    @uses(*[t for _, t in rules])
    def judge(rows, th, ctx) -> Verdict:
        if not rows:
            return Verdict(outcome=empty[0], message=empty[1], params={}, evidence=[])
        row = rows[0]
        outcome, key = rate_row(row, rules, th, ctx, flag, problem)
        first = rules[0][0] if rules else None
        return Verdict(outcome=outcome, message=key, params={**as_params(row), "value": num(row.get(first)) if first else None},
                       evidence=rows[:EVIDENCE_LIMIT])

    return judge
