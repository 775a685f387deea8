"""Judges: rows + effective thresholds → a Verdict. They never see SQL or a connection.

Every judge carries ``uses``: the threshold names it reads. The registry checks that a spec's
declared thresholds and its judge's ``uses`` are the same set, so a threshold can be neither
declared and ignored nor used and undeclared.

Custom judges are plain functions decorated with ``@uses(...)`` and defined in a check's own
``spec.py``; the factories below cover the common shapes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from dbpatrol.results import Outcome

from .spec import Verdict

EVIDENCE_LIMIT = 50


@dataclass
class JudgeContext:
    engine: str
    server_version: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    window_start: dt.datetime | None = None
    window_end: dt.datetime | None = None
    object_key: tuple[str, ...] = ()

    def object_of(self, row: dict[str, Any]) -> str:
        return ".".join("" if row.get(c) is None else str(row.get(c)) for c in self.object_key)

    def objects(self, rated) -> dict[str, Outcome] | None:
        """Per-object outcomes from (row, outcome, …) tuples, when the check names objects."""
        if not self.object_key:
            return None
        out: dict[str, Outcome] = {}
        for row, outcome, *_ in rated:
            key = self.object_of(row)
            if key not in out or outcome.rank > out[key].rank:
                out[key] = outcome
        return out


@dataclass(frozen=True)
class Levels:
    """The effective warning/critical values of one threshold, as a judge sees them."""

    warning: float | None
    critical: float | None
    direction: str = "above"
    value: Any = None  # a guard's number or a list's strings (Threshold.kind guard / list)

    def classify(self, value: float | None) -> Outcome:
        if value is None:
            return Outcome.OK

        def hit(limit):
            if limit is None:
                return False
            return value >= limit if self.direction == "above" else value <= limit

        if hit(self.critical):
            return Outcome.CRITICAL
        if hit(self.warning):
            return Outcome.WARNING
        return Outcome.OK


def uses(*names: str) -> Callable[[Callable], Callable]:
    def deco(fn):
        fn.uses = frozenset(names)
        return fn

    return deco


def num(v: Any) -> float | None:
    """A number from a driver value (int, Decimal, numeric string), or None."""
    if v is None or isinstance(v, str) and not v.strip():
        return None
    if isinstance(v, bool):
        return float(v)
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def pretty_bytes(v: Any) -> str:
    """A size as a DBA reads it (pg_size_pretty's 1024 steps): '812 kB', '22.6 MB', '1.24 GB'."""
    n = num(v) or 0
    for unit, size in (("TB", 1024 ** 4), ("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if abs(n) >= size:
            q = n / size
            return f"{q:.2f} {unit}" if q < 10 else f"{q:.1f} {unit}" if q < 100 else f"{q:.0f} {unit}"
    return f"{int(n)} bytes"


def each_row(column: str, threshold: str, problem: str = "problem", sort_desc: bool | None = None):
    """Classify every row by ``column`` against ``threshold``; the worst row decides.

    Message params: ``value`` (worst value), ``count`` (rows breaching), ``total`` (rows seen),
    plus every column of the worst row. Evidence: the breaching rows, worst first.
    """

    @uses(threshold)
    def judge(rows, th, ctx) -> Verdict:
        levels: Levels = th[threshold]
        desc = levels.direction == "above" if sort_desc is None else sort_desc
        rated = [(r, levels.classify(num(r.get(column)))) for r in rows]
        bad = [(r, o) for r, o in rated if o is not Outcome.OK]
        ordered = sorted(
            (bad or rated),
            key=lambda ro: (num(ro[0].get(column)) is None, -(num(ro[0].get(column)) or 0) if desc else (num(ro[0].get(column)) or 0)),
        )
        worst_row = ordered[0][0] if ordered else {}
        outcome = Outcome.worst(o for _, o in rated)
        params = {**worst_row, "value": num(worst_row.get(column)), "count": len(bad), "total": len(rows)}
        return Verdict(
            outcome=outcome,
            message=problem if outcome is not Outcome.OK else "ok",
            params=params,
            evidence=[r for r, _ in ordered][:EVIDENCE_LIMIT],
            total=len(ordered),
            objects=ctx.objects(rated),
        )

    return judge


def row_count(threshold: str, problem: str = "problem"):
    """The number of rows returned, against ``threshold`` (each row is one offender)."""

    @uses(threshold)
    def judge(rows, th, ctx) -> Verdict:
        outcome = th[threshold].classify(len(rows))
        params = {**(rows[0] if rows else {}), "count": len(rows), "value": len(rows), "total": len(rows)}
        return Verdict(
            outcome=outcome,
            message=problem if outcome is not Outcome.OK else "ok",
            params=params,
            evidence=rows[:EVIDENCE_LIMIT],
        )

    return judge


def any_row(outcome: Outcome = Outcome.WARNING, problem: str = "problem"):
    """Any row returned is a problem of fixed severity (no threshold: presence is the fault)."""

    @uses()
    def judge(rows, th, ctx) -> Verdict:
        if not rows:
            return Verdict(outcome=Outcome.OK, message="ok", params={"count": 0, "total": 0}, evidence=[])
        return Verdict(
            outcome=outcome,
            message=problem,
            params={**rows[0], "count": len(rows), "total": len(rows)},
            evidence=rows[:EVIDENCE_LIMIT],
        )

    return judge


def first_row(decide: Callable[[dict[str, Any], dict[str, Levels], JudgeContext], tuple[Outcome, str]], *threshold_names: str):
    """For checks that return one summary row: ``decide(row, th, ctx) -> (outcome, message_key)``."""

    @uses(*threshold_names)
    def judge(rows, th, ctx) -> Verdict:
        row = rows[0] if rows else {}
        outcome, key = decide(row, th, ctx)
        return Verdict(outcome=outcome, message=key, params=dict(row), evidence=rows[:EVIDENCE_LIMIT])

    return judge


# ----- several thresholds per row ---------------------------------------------------------------

# flag(row, ctx) -> (outcome, message_key) or None
Flag = Callable[[dict[str, Any], JudgeContext], "tuple[Outcome, str] | None"]


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
        params = {**worst, "value": num(worst.get(sort_col)) if sort_col else None,
                  "count": len(bad), "total": len(rows)}
        evidence = [r for r, _, _ in bad] or rows
        return Verdict(outcome=outcome, message=key, params=params, evidence=evidence[:EVIDENCE_LIMIT],
                       total=len(evidence), objects=ctx.objects(rated))

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
        return Verdict(outcome=outcome, message=key, params={**row, "value": num(row.get(first)) if first else None},
                       evidence=rows[:EVIDENCE_LIMIT])

    return judge


def with_sql_total(judge, column: str = "total"):
    """Wrap a judge for bounded SQL (``ORDER BY worst … LIMIT n``) that also returns, in ``column``,
    how many rows matched before the LIMIT (``count(*) OVER ()``): when every row returned is at
    fault, the finding stands for that many (``Verdict.total``, message params ``count`` and
    ``total``), not only for the rows that came back. A judge that found a returned row healthy
    saw the whole list of offenders (they sort first), so its own counts stand."""

    def wrapped(rows, th, ctx) -> Verdict:
        verdict = judge(rows, th, ctx)
        matched = num(rows[0].get(column)) if rows else None
        at_fault = verdict.params.get("count")
        if (matched is not None and verdict.outcome in (Outcome.WARNING, Outcome.CRITICAL)
                and at_fault == len(rows) and matched > len(rows)):
            verdict.total = int(matched)
            verdict.params["count"] = verdict.params["total"] = int(matched)
        return verdict

    wrapped.uses = judge.uses
    return wrapped


def worst_of(verdicts: Iterable[Verdict]) -> Outcome:
    return Outcome.worst(v.outcome for v in verdicts)


# ----- expected settings (configuration checks) -------------------------------------------------

@dataclass(frozen=True)
class Expect:
    """What one setting should be, for the declarative ``expected_settings`` judge.

    The SQL returns one row per setting with columns ``name`` and ``setting`` (pg_settings,
    GLOBAL_VARIABLES, V$PARAMETER …). Exactly one of ``allowed`` / ``min`` / ``max`` is usually
    named, each the name of a spec threshold, so a bank can override the expectation like any
    other threshold: ``allowed`` → a list threshold of allowed values (compared case-insensitively
    as text), ``min`` / ``max`` → guard thresholds (the setting, read as a number, must be ≥ / ≤).

    ``engines`` and ``min_version`` / ``max_version`` limit where the rule applies (a setting
    can be right in MariaDB and wrong in MySQL, or change meaning at a version); ``when`` makes it
    conditional on other settings' values ({"log_bin": ("1", "ON")}: only with the binary log on).
    ``severity`` is the outcome of a breach and ``message`` the spec message that explains it; its
    params are the row's columns plus ``expected`` (the allowed values or the bound, as text).
    """

    setting: str
    allowed: str | None = None
    min: str | None = None
    max: str | None = None
    engines: tuple[str, ...] = ()
    min_version: str = "0"
    max_version: str | None = None  # exclusive: the rule stops applying at this version
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: Outcome = Outcome.WARNING
    message: str = "problem"

    def thresholds(self) -> list[str]:
        return [t for t in (self.allowed, self.min, self.max) if t]

    def applies(self, ctx: "JudgeContext", by_name: dict[str, Any]) -> bool:
        from .spec import parse_version

        if self.engines and ctx.engine not in self.engines:
            return False
        version = parse_version(ctx.server_version or "0")
        if version < parse_version(self.min_version):
            return False
        if self.max_version is not None and version >= parse_version(self.max_version):
            return False
        for other, values in self.when:
            if _text(by_name.get(other)) not in {v.lower() for v in values}:
                return False
        return True

    def breach(self, value: Any, th: dict[str, Levels]) -> str | None:
        """The expectation as text when ``value`` breaks it; None when it holds."""
        if self.allowed:
            allowed = [str(a) for a in th[self.allowed].value or ()]
            if _text(value) not in {a.lower() for a in allowed}:
                return " | ".join(allowed)
        if self.min:
            bound = th[self.min].value
            if bound is not None and (num(value) is None or num(value) < bound):
                return f"≥ {bound:g}"
        if self.max:
            bound = th[self.max].value
            if bound is not None and (num(value) is None or num(value) > bound):
                return f"≤ {bound:g}"
        return None


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip().lower()


def expected_settings(*expects: Expect, name_column: str = "name", value_column: str = "setting"):
    """Rows of (name, setting) against declared expectations; the worst breach decides.

    Evidence: the breaching rows, each with an added ``expected`` column; ``objects``: one per
    breaching setting. A setting the SQL did not return is not judged (the server lacks it).
    """
    names = [t for e in expects for t in e.thresholds()]

    @uses(*dict.fromkeys(names))
    def judge(rows, th, ctx) -> Verdict:
        by_name = {str(r.get(name_column)): r.get(value_column) for r in rows}
        bad: list[tuple[dict[str, Any], Outcome, str]] = []
        for row in rows:
            for e in expects:
                if e.setting != str(row.get(name_column)) or not e.applies(ctx, by_name):
                    continue
                expected = e.breach(row.get(value_column), th)
                if expected is not None:
                    bad.append(({**row, "expected": expected}, e.severity, e.message))
        bad.sort(key=lambda b: -b[1].rank)
        if not bad:
            return Verdict(outcome=Outcome.OK, message="ok", params={"count": 0, "total": len(rows)},
                           evidence=rows[:EVIDENCE_LIMIT], objects={} if ctx.object_key else None)
        worst, outcome, key = bad[0]
        return Verdict(outcome=outcome, message=key,
                       params={**worst, "count": len(bad), "total": len(rows)},
                       evidence=[b[0] for b in bad][:EVIDENCE_LIMIT], total=len(bad),
                       objects={ctx.object_of(b[0]): b[1] for b in bad} if ctx.object_key else None)

    judge.expects = expects
    return judge
