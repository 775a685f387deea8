"""Run one check on an open session: pick its SQL, collect rows, judge them → a Finding.

A failing check never fails the inspection: every problem becomes a SKIPPED (not applicable,
missing privilege — with the reason) or ERROR (the check itself failed — with the cause).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any, Mapping

from dbpatrol import series as sampled
from dbpatrol.results import EffectiveThreshold, Finding, ObjectFinding, Outcome, Remediation, Text
from dbpatrol.timefmt import message_zone

from .adapters.base import QueryError, Session, mask_credentials
from .facts import unmet, wrong_container
from .judges import EVIDENCE_LIMIT, JudgeContext
from .collect import CollectSkip, context as collect_context
from .registry import Check, bind_names, levels_of
from .spec import SQL_FALLBACK, CheckSpec, Verdict
from .window import WindowRows, covered_text, evaluate


def _finding(spec: CheckSpec, engine: str, outcome: Outcome, message: Text, *, evidence=None,
             thresholds: Mapping[str, EffectiveThreshold] | None = None, duration_ms: float = 0.0,
             skip_reason: str | None = None, since: Any = None, objects=None, evidence_total: int | None = None,
             database: str | None = None) -> Finding:
    support = spec.support(engine)
    rows = evidence or []
    return Finding(
        code=spec.code,
        name=spec.name,
        title=spec.title,
        category=spec.category,
        tier=spec.tier,
        outcome=outcome,
        message=message,
        evidence=[_jsonable_row(r) for r in rows[:EVIDENCE_LIMIT]],
        evidence_total=len(rows) if evidence_total is None else evidence_total,
        columns=list(spec.columns),
        thresholds=list((thresholds or {}).values()),
        remediation=Remediation(
            text=spec.remediation.text,
            commands=spec.remediation.commands.get(engine) or spec.remediation.commands.get(SQL_FALLBACK.get(engine, ""), []),
            references=spec.remediation.references,
        ),
        privilege=support.privilege if support else "",
        basis=spec.basis,
        since=_as_time(since),
        skip_reason=skip_reason if outcome is Outcome.SKIPPED else None,
        database=database,
        object_columns=list(spec.object_key),
        objects=objects or [],
        compliance=spec.compliance_for(engine),
        duration_ms=round(duration_ms, 2),
    )


def _as_time(v: Any) -> dt.datetime | None:
    if v is None or isinstance(v, dt.datetime):
        return v
    try:
        return dt.datetime.fromisoformat(str(v))
    except ValueError:
        return None


def object_key(spec: CheckSpec, row: Mapping[str, Any]) -> str:
    """The object one row names, e.g. 'public.orders' or 'slot_a' (values of the spec's object_key)."""
    return ".".join("" if row.get(c) is None else str(row.get(c)) for c in spec.object_key)


# Statement text captured as evidence (RUN004, RUN005 …) can carry other people's secrets:
# ALTER USER … PASSWORD '…', CREATE USER … IDENTIFIED BY '…', SET PASSWORD = '…'.
_SECRET_LITERAL = re.compile(
    r"(\b(?:password\s+for\s+[^=;]{1,200}?=|password|identified\s+(?:with\s+\S+\s+)?(?:by|as)|secret)"
    r"\s*(?:=\s*)?(?:(?:password|old_password)\s*)?\(?\s*)"
    r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\$\w*\$.*?\$\w*\$)",
    re.IGNORECASE | re.DOTALL,
)


def mask_secrets(text: str) -> str:
    """Replace string literals that follow PASSWORD / IDENTIFIED BY / SECRET with '***', and every
    other credential where it stands (adapters.base.mask_credentials): a connection string or URL
    inside a statement, e.g. dblink('host=db02 password=…', …) or 'postgresql://u:…@db02/x'."""
    return mask_credentials(_SECRET_LITERAL.sub(lambda m: m.group(1) + "'***'", text))


def _jsonable_row(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if isinstance(v, (dt.datetime, dt.date, dt.time)):
            v = v.isoformat()
        elif isinstance(v, dt.timedelta):
            v = v.total_seconds()
        elif isinstance(v, (bytes, bytearray, memoryview)):
            v = bytes(v).decode("utf-8", "replace")
        elif isinstance(v, str):
            v = mask_secrets(v)
        elif v is not None and not isinstance(v, (str, int, float, bool)):
            try:
                v = float(v) if hasattr(v, "__float__") else str(v)
            except (TypeError, ValueError):
                v = str(v)
        out[k] = v
    return out


def not_inspected(spec: CheckSpec, engine: str, outcome: Outcome, reason: str, reason_zh: str | None = None,
                  skip_reason: str | None = None, database: str | None = None) -> Finding:
    return _finding(spec, engine, outcome, Text(en=reason, zh=reason_zh), skip_reason=skip_reason, database=database)


def not_applicable(spec: CheckSpec, engine: str, why: str, why_zh: str) -> Finding:
    return not_inspected(spec, engine, Outcome.SKIPPED, f"not applicable: {why}", f"不适用：{why_zh}", "not_applicable")


def applicability(spec: CheckSpec, session: Session) -> Finding | None:
    """SKIPPED "not applicable" / "missing privilege" when the check cannot apply here; None when it runs.

    Order: engine, version, role, facts the spec requires, then the privileges it declares. A
    fact the session could not establish does not make a check inapplicable (it runs; a refusal
    then comes back from the server as a missing privilege).
    """
    engine = session.flavor
    support = spec.support(engine)
    if support is None:
        return not_applicable(spec, engine, f"check does not support {engine}", f"该检查不支持 {engine}")
    if session.version < support.version_tuple():
        return not_applicable(spec, engine, f"needs {engine} {support.min_version} or later, server is {session.server_version}",
                              f"需要 {engine} {support.min_version} 或更高版本，当前为 {session.server_version}")
    role = session.facts.get("role")
    if role and role not in support.roles:
        return not_applicable(spec, engine, "this server is a standby (replica)" if role == "standby" else
                              "this server is a primary, not a standby (replica)",
                              "此服务器是备库（从库）" if role == "standby" else "此服务器是主库，不是备库（从库）")
    reason = unmet(support.requires, session.facts) or wrong_container(support.container, session.facts)
    if reason:
        return not_applicable(spec, engine, *reason)
    # The source path's own privilege when the session takes one (an AWR path's DBA_HIST_* grants are
    # probed only where the Diagnostics Pack is declared).
    missing = session.missing_privileges(support.privilege_for(session.facts))
    if missing:
        grant = ", ".join(missing)
        return not_inspected(spec, engine, Outcome.SKIPPED, f"missing privilege: {grant}", f"缺少权限：{grant}", "privilege")
    return None


def run_check(
    session: Session,
    check: Check,
    thresholds: Mapping[str, EffectiveThreshold],
    window: tuple[dt.datetime, dt.datetime],
    database: str | None = None,
) -> Finding:
    """Run one check. A database-scope check runs in ``database`` (default: the session's own):
    its SQL sees it as the connection's database (PostgreSQL) or as the bind ``:database``
    (MySQL/MariaDB schemas), and its finding names it, whatever the outcome."""
    # times in its messages are written in the run's zone (dbpatrol/timefmt.py; the runner sets it)
    with message_zone(getattr(session, "message_zone", None)):
        if check.spec.scope_of(session.flavor) != "database":
            return _run_check(session, check, thresholds, window, None)
        database = database or session.facts.get("database")
        finding = _run_check(session, check, thresholds, window, database)
    finding.database = database
    return finding


def _run_check(session: Session, check: Check, thresholds: Mapping[str, EffectiveThreshold],
               window: tuple[dt.datetime, dt.datetime], database: str | None) -> Finding:
    spec = check.spec
    engine = session.flavor
    support = spec.support(engine)
    skipped = applicability(spec, session)
    if skipped is not None:
        return skipped
    collector = check.collector_for(engine)
    variant = None if collector is not None else check.sql_for(engine, session.version, session.facts)
    if collector is None and variant is None:
        return not_applicable(spec, engine, f"no SQL for {engine} {session.server_version}",
                              f"没有适用于 {engine} {session.server_version} 的 SQL")

    t0 = time.perf_counter()
    try:
        rows = collect_rows(session, check, window, database, levels_of(thresholds))
    except CollectSkip as skip:
        return _finding(spec, engine, Outcome.SKIPPED, Text(en=skip.en, zh=skip.zh), skip_reason=skip.skip_reason,
                        duration_ms=(time.perf_counter() - t0) * 1000, database=database)
    except QueryError as exc:
        ms = (time.perf_counter() - t0) * 1000
        if exc.kind == "privilege":
            return _finding(spec, engine, Outcome.SKIPPED,
                            Text(en=f"missing privilege: {support.privilege_for(session.facts)} ({exc.message})",
                                 zh=f"缺少权限：{support.privilege_for(session.facts)}（{exc.message}）"), duration_ms=ms,
                            skip_reason="privilege")
        if exc.kind == "timeout":
            return _finding(spec, engine, Outcome.ERROR,
                            Text(en=f"cut at the statement timeout ({spec.timeout_s:g}s): {exc.message}",
                                 zh=f"超过语句超时（{spec.timeout_s:g} 秒）被中止：{exc.message}"), duration_ms=ms)
        return _finding(spec, engine, Outcome.ERROR, Text(en=f"check failed: {exc.message}", zh=f"检查失败：{exc.message}"),
                        duration_ms=ms)
    except Exception as exc:  # noqa: BLE001 - a Python collector's own failure is the check's, not the run's
        cause = mask_credentials(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")[:500]
        return _finding(spec, engine, Outcome.ERROR, Text(en=f"check failed: {cause}", zh=f"检查失败：{cause}"),
                        duration_ms=(time.perf_counter() - t0) * 1000)
    ms = (time.perf_counter() - t0) * 1000

    missing = [c for c in spec.columns if rows and c not in rows[0]]
    if missing:
        source = variant.path.name if variant is not None else "collect.py"
        return _finding(spec, engine, Outcome.ERROR,
                        Text(en=f"check failed: {source} does not return columns {missing}",
                             zh=f"检查失败：{source} 未返回列 {missing}"), duration_ms=ms)
    in_window = window_rows(session, support, rows, window)
    finding = judge_rows(spec, engine, rows, thresholds, JudgeContext(
        engine=engine, server_version=session.server_version, facts=session.facts,
        window_start=window[0], window_end=window[1], object_key=spec.object_key), duration_ms=ms,
        database=database, window=in_window)
    path = support.path_for(session.facts)
    if path is not None and in_window is None:  # AWR / Statspack: what that source's rows evaluate
        finding.basis = path.basis
        finding.privilege = path.privilege
    return finding


def collect_rows(session: Session, check: Check, window: tuple[dt.datetime, dt.datetime], database: str | None = None,
                 levels=None) -> list[dict[str, Any]]:
    """The check's rows on this session: its Python collector (checks/collect.py) or its SQL, with the
    window and database bound. Raises QueryError (as the server refused or timed out) or CollectSkip."""
    spec = check.spec
    collector = check.collector_for(session.flavor)
    if collector is not None:
        if levels is None:
            from .registry import load

            levels = levels_of(load().effective_thresholds(spec.code, []))
        ctx = collect_context(session, window, spec.timeout_s, levels, database)
        return list(collector(ctx))
    variant = check.sql_for(session.flavor, session.version, session.facts)
    if variant is None:
        return []
    binds = {"window_start": window[0], "window_end": window[1], "database": database}
    params = {k: v for k, v in binds.items() if k in bind_names(variant.text)}
    return session.run(variant.text, params, timeout_s=spec.timeout_s)


# Said after a window message when a counter restarted inside the window (checks/window.py): with the
# reset's time known (a crash, a stats reset) what was counted before it is lost; with it unknown (a
# drop, e.g. FLUSH STATUS) the value is at least what is shown.
_RESET_NOTE = {
    True: Text(en="(A counter was reset inside the window: what it counted between the previous snapshot and the "
                  "reset is lost, so the window's figure is a lower bound.)",
               zh="（窗口内有计数器被重置：上一个快照与重置之间的计数已丢失，窗口内数值为下限。）"),
    False: Text(en="(A counter went down inside the window — reset at an unknown time, e.g. FLUSH STATUS: the "
                   "window's figure is a lower bound.)",
                zh="（窗口内有计数器下降——在未知时刻被重置，例如 FLUSH STATUS：窗口内数值为下限。）"),
}


def window_rows(session: Session, support, rows: list[dict[str, Any]], window) -> WindowRows | None:
    """The rows with in-window values from the store's snapshots, when the spec evaluates the window
    on this engine and snapshots cover it; None otherwise (the check keeps its own basis)."""
    if support is None or support.window is None or session.snapshots is None or not session.instance_name:
        return None
    try:
        points = session.snapshots.points(session.instance_name, support.window.source, window[0], window[1])
    except Exception:  # noqa: BLE001 - an unreadable store leaves the check on its own basis
        return None
    return evaluate(support.window, rows, points, window, support.window.object_of)


def judge_rows(spec: CheckSpec, engine: str, rows: list[dict[str, Any]], thresholds: Mapping[str, EffectiveThreshold],
               ctx: JudgeContext, duration_ms: float = 0.0, database: str | None = None,
               window: WindowRows | None = None) -> Finding:
    """Judge collected rows (live or from a recorded fixture) into a Finding.

    With ``window`` (in-window values from snapshots), the judge rates those rows, the message is
    the spec's ``window.<key>`` variant, and the finding's basis is the window."""
    if window is not None:
        rows = window.rows
    # Masked before the judge sees them: messages are formatted from row values too.
    rows = [{k: mask_secrets(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]
    try:
        verdict: Verdict = spec.judge(rows, levels_of(thresholds), ctx)
        key = verdict.message
        if window is not None and f"window.{key}" in spec.messages:
            key = f"window.{key}"
        template = spec.messages.get(key)
        if template is None:
            raise KeyError(f"judge chose message {verdict.message!r}, which the spec does not declare")
        extra = covered_text(window) if window is not None else {}
        message = template.format(**_threshold_params(thresholds), **extra, **verdict.params)
        if window is not None and (window.lost or window.lower_bound):
            message = Text(en=message.en + " " + _RESET_NOTE[window.lost].en,
                           zh=(message.zh or message.en) + _RESET_NOTE[window.lost].zh)
    except Exception as exc:  # noqa: BLE001 - a broken judge is the check's failure, not the run's
        return _finding(spec, engine, Outcome.ERROR, Text(en=f"judge failed: {type(exc).__name__}: {exc}",
                                                          zh=f"判定失败：{type(exc).__name__}: {exc}"),
                        evidence=rows, thresholds=thresholds, duration_ms=duration_ms, database=database)
    evidence = rows if verdict.evidence is None else verdict.evidence
    since = verdict.since
    if since is None and spec.basis == "cumulative":
        since = next((r.get("counters_since") for r in rows if r.get("counters_since") is not None), None)
    if window is not None:
        since = window.since
    # A judge can only find that a check does not apply from what the server returned (a feature
    # switched off, a setting out of the range where the check means anything): that is its SKIPPED.
    skip_reason = (verdict.skip_reason or "not_applicable") if verdict.outcome is Outcome.SKIPPED else None
    finding = _finding(spec, engine, verdict.outcome, message, evidence=evidence, thresholds=thresholds,
                       duration_ms=duration_ms, since=since, objects=_objects(spec, verdict, evidence),
                       evidence_total=verdict.total if verdict.total is not None else len(evidence), database=database,
                       skip_reason=skip_reason)
    if window is None and verdict.basis is not None:  # a collector that read the window itself
        finding.basis = verdict.basis
        finding.coverage_pct = verdict.coverage_pct
        if verdict.series:
            finding.series_kinds = {c: sampled.COUNTER for cols in verdict.series.values() for c in cols}
            finding.series = sampled.cap(verdict.series, finding.series_kinds, list(verdict.series))
    if window is not None:
        finding.basis = "window"
        finding.coverage_pct = window.coverage_pct
        finding.series_kinds = sampled.kinds_of(getattr(spec.support(engine), "window", None))
        finding.series = sampled.cap(window.series, finding.series_kinds,  # at fault first; ≤ 5 objects, ≤ 500 points
                                     [o.key for o in sorted(finding.objects, key=lambda o: -o.outcome.rank)])
    return finding


def _objects(spec: CheckSpec, verdict: Verdict, evidence: list[dict[str, Any]]) -> list[ObjectFinding]:
    """The objects at fault: the judge's own per-object outcomes, else every evidence row of a problem."""
    if not spec.object_key:
        return []
    if verdict.objects is not None:
        pairs = verdict.objects.items()
    elif verdict.outcome in (Outcome.WARNING, Outcome.CRITICAL):
        pairs = ((object_key(spec, r), verdict.outcome) for r in evidence)
    else:
        pairs = ()
    seen: dict[str, Outcome] = {}
    for key, outcome in pairs:
        if outcome in (Outcome.WARNING, Outcome.CRITICAL) and (key not in seen or outcome.rank > seen[key].rank):
            seen[key] = outcome
    return [ObjectFinding(key=k, outcome=o) for k, o in seen.items()]


def _threshold_params(thresholds: Mapping[str, EffectiveThreshold]) -> dict[str, Any]:
    out = {}
    for name, t in thresholds.items():
        out[f"{name}_warning"] = t.warning
        out[f"{name}_critical"] = t.critical
    return out
