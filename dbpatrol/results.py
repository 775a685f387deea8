"""The results model: one inspection's outcome, fed to every renderer and to the report store.

Everything a report shows is in here (titles, messages and remediation in every language,
effective thresholds, evidence rows), so a report can be re-rendered from stored results
without the check registry and without touching a database.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dbpatrol import timefmt

SCHEMA_VERSION = 2  # 2: basis, since, skip_reason, database, objects, evidence_total, acknowledged
# (Finding.compliance was added later as an optional list: readers of version 2 may ignore it.)

LANGS = ("en", "zh-CN")


class Outcome(str, Enum):
    OK = "OK"
    WARNING = "WARNING"
    CRITICAL = "CRITICAL"
    SKIPPED = "SKIPPED"
    ERROR = "ERROR"

    @property
    def rank(self) -> int:
        """Severity order used for 'worst outcome': CRITICAL > WARNING > ERROR > SKIPPED > OK."""
        return _RANK[self]

    @classmethod
    def worst(cls, outcomes) -> "Outcome":
        return max(outcomes, key=lambda o: o.rank, default=cls.OK)


_RANK = {
    Outcome.OK: 0,
    Outcome.SKIPPED: 1,
    Outcome.ERROR: 2,
    Outcome.WARNING: 3,
    Outcome.CRITICAL: 4,
}


class Text(BaseModel):
    """A fixed text in every supported language. zh-CN falls back to English when absent."""

    en: str
    zh: str | None = None

    def get(self, lang: str = "en") -> str:
        if lang.lower().startswith("zh") and self.zh:
            return self.zh
        return self.en

    def format(self, **params: Any) -> "Text":
        return Text(en=_safe_format(self.en, params), zh=_safe_format(self.zh, params) if self.zh else None)


class _Default(dict):
    def __missing__(self, key):  # an unknown placeholder stays visible instead of raising
        return "{" + key + "}"


# A template says a value is UTC by naming it ``*_utc`` or by writing " UTC" after it ("{last_utc} UTC",
# "{password_changed} UTC"): such a time, naive or aware, is written in the run's zone with that zone's
# label, and the literal " UTC" goes (dbpatrol/timefmt.py). Anything else stays as written.
_UTC_AFTER = re.compile(r"\{(\w+)\} UTC\b")
_TIME_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _safe_format(template: str, params: dict[str, Any]) -> str:
    utc_after = set(_UTC_AFTER.findall(template))
    shown, converted = {}, set()
    for k, v in params.items():
        if (k in utc_after or k.endswith("_utc")) and (
                isinstance(v, dt.datetime) or (isinstance(v, str) and _TIME_TEXT.match(v.strip()))):
            text = timefmt.message_time(v)
            if text != v:
                shown[k] = text
                converted.add(k)
                continue
        shown[k] = _fmt_value(k, v)
    if converted & utc_after:
        template = _UTC_AFTER.sub(lambda m: "{" + m.group(1) + "}" if m.group(1) in converted else m.group(0), template)
    return template.format_map(_Default(shown))


_IDENTIFIER = re.compile(r"(^|_)(pid|pids|id|gid|xid|port|errno|error_code|code|year|version)$")


def _fmt_value(key: str, v: Any) -> Any:
    """Quantities get thousands separators and one decimal at most; identifiers stay as they are."""
    if isinstance(v, bool) or _IDENTIFIER.search(key):
        return v
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v):,}"
        return f"{v:,.1f}" if abs(v) < 1e15 else f"{v:.3g}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, dt.datetime):
        return _fmt_time(v)
    if isinstance(v, str) and _ISO_TIME.match(v):
        try:
            return _fmt_time(dt.datetime.fromisoformat(v))
        except ValueError:
            return v
    return v


_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)?$")


def _fmt_time(v: dt.datetime) -> str:
    """A time in a message: to the second, in the run's zone with its label (dbpatrol/timefmt.py;
    naive times, whose zone is not known here, are shown as given)."""
    if v.tzinfo is None:
        return v.replace(microsecond=0).isoformat(sep=" ")
    return timefmt.fmt(v, timefmt.current_message_zone())


class EffectiveThreshold(BaseModel):
    """A threshold as it was applied to one finding, and where its values came from."""

    name: str
    unit: str
    direction: str  # "above" or "below"
    warning: float | None
    critical: float | None
    default_warning: float | None
    default_critical: float | None
    source: str = "default"  # default | settings | instance | plan | run
    rationale: str = ""
    kind: str = "level"  # level | guard | list (checks/spec.py Threshold)
    value: float | list[str] | None = None
    default_value: float | list[str] | None = None

    @property
    def looser_than_default(self) -> bool:
        """True when an override makes the check fire later than the default would."""

        def looser(value, default):
            if value is None:
                return default is not None
            if default is None:
                return False
            return value > default if self.direction == "above" else value < default

        if self.kind == "guard":  # a larger minimum sample rates later
            return self.value != self.default_value and (
                self.value is None or (self.default_value is not None and self.value > self.default_value))
        if self.kind == "list":
            return False
        return looser(self.warning, self.default_warning) or looser(self.critical, self.default_critical)


class Compliance(BaseModel):
    """A compliance reference a check gives evidence for: a benchmark item or a regulation clause.

    ``framework`` is one of the names checks/spec.py COMPLIANCE_FRAMEWORKS knows ("CIS PostgreSQL 16",
    "CIS MySQL 8.0", "CIS MariaDB 10.11", "CIS Oracle Database 19c", "等保2.0"); ``item`` the item or
    clause number in it ("5.4", "8.1.4.1"); ``title`` the item's own title, the same for every check
    citing it; ``note`` (optional) what of the item this check covers ("c) no authentication data in
    clear text over the network").
    """

    model_config = ConfigDict(frozen=True)

    framework: str
    item: str
    title: Text | None = None
    note: Text | None = None


class Remediation(BaseModel):
    text: Text
    commands: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)


BASES = ("window", "current", "cumulative")

# Why a finding is SKIPPED, machine-readable (the message says it in words):
#   not_applicable — the check does not apply here (engine, version, role, a feature that is off);
#   privilege      — the monitoring user lacks the grant the check declares;
#   disabled       — an inspection item turned off in settings, the inventory, the plan or the run;
#   unreachable    — the instance could not be inspected at all.
SKIP_REASONS = ("not_applicable", "privilege", "disabled", "unreachable")


class Acknowledgement(BaseModel):
    """A known issue muted by a DBA: it keeps its outcome, costs no score, until ``until``."""

    id: int | None = None
    reason: str
    by: str | None = None
    until: dt.datetime | None = None
    object: str | None = None  # None: the whole check on the instance
    # For a check that runs in each database: the one database it applies to; None: every database
    # (and always None for a check about the instance as a whole).
    database: str | None = None


class ObjectFinding(BaseModel):
    """One object (table, role, slot …) a check found at fault: history and acks work on these."""

    key: str
    outcome: Outcome
    acknowledged: Acknowledgement | None = None


class Finding(BaseModel):
    code: str
    name: str
    title: Text
    category: str
    tier: str
    outcome: Outcome
    message: Text
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)
    thresholds: list[EffectiveThreshold] = Field(default_factory=list)
    remediation: Remediation | None = None
    privilege: str = ""
    # What the finding evaluated: the sampling window, the state at inspection time, or counters
    # accumulated since ``since`` (a time the finding names).
    basis: str = "current"
    since: dt.datetime | None = None
    # basis "window" from stored snapshots: the share of the window they cover (the least-covered
    # object's), and the sampled values (object → column → [(ISO time, value)]) for the report's charts.
    coverage_pct: float | None = None
    series: dict[str, dict[str, list[tuple[str, float]]]] = Field(default_factory=dict)
    # What each series column is: "counter" (cumulative as sampled; charted as its increase per
    # interval) or "gauge" (charted as read). dbpatrol/series.py thins them by it.
    series_kinds: dict[str, str] = Field(default_factory=dict)
    skip_reason: str | None = None  # one of SKIP_REASONS when outcome is SKIPPED
    database: str | None = None  # for database-scope checks: the database inspected
    object_columns: list[str] = Field(default_factory=list)  # the columns naming one object per row
    objects: list[ObjectFinding] = Field(default_factory=list)  # objects at fault (WARNING/CRITICAL)
    evidence_total: int | None = None  # rows collected before evidence was cut to a few
    acknowledged: Acknowledgement | None = None
    # The compliance items this check gives evidence for, those of the finding's engine only
    # (CheckSpec.compliance): the report's compliance appendix is built from them.
    compliance: list[Compliance] = Field(default_factory=list)
    duration_ms: float = 0.0

    @property
    def evaluates_window(self) -> bool:
        return self.basis == "window"

    @property
    def problem(self) -> bool:
        """A WARNING or CRITICAL outcome that is not acknowledged."""
        return self.outcome in (Outcome.WARNING, Outcome.CRITICAL) and self.acknowledged is None


class InstanceResult(BaseModel):
    name: str
    engine: str  # as declared in the inventory
    flavor: str | None = None  # as detected on the server (mysql vs mariadb)
    business: str | None = None
    host: str | None = None
    # the inventory's display names (any script, e.g. 核心银行), shown beside the names
    display_name: str | None = None
    business_display: str | None = None
    address: str | None = None
    port: int | None = None
    database: str | None = None
    tags: list[str] = Field(default_factory=list)
    reachable: bool = False
    cause: str | None = None  # why the instance could not be inspected
    server_version: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    connections_opened: int = 0

    def counts(self) -> dict[str, int]:
        counts = {o.value: 0 for o in Outcome}
        for f in self.findings:
            counts[f.outcome.value] += 1
        return counts

    @property
    def worst(self) -> Outcome:
        if not self.reachable:
            return Outcome.CRITICAL
        return Outcome.worst(f.outcome for f in self.findings)


class MissedWindow(BaseModel):
    """A window of the same plan that no report covers: its run crashed (a worker or its flow-run
    process died, and the heartbeat automation `dbpatrol deploy` creates marked it Crashed)."""

    window_start: dt.datetime
    window_end: dt.datetime
    flow_run_id: str
    flow_run_name: str | None = None
    state: str = "Crashed"
    message: str | None = None  # the state's message (Prefect's, or the heartbeat automation's)


class InspectionResult(BaseModel):
    schema_version: int = SCHEMA_VERSION
    id: str
    tier: str
    window_start: dt.datetime
    window_end: dt.datetime
    generated_at: dt.datetime
    plan: str | None = None
    business: str | None = None
    flow_run_id: str | None = None
    flow_run_name: str | None = None
    duration_s: float = 0.0
    instances: list[InstanceResult] = Field(default_factory=list)
    # windows of this plan left uninspected by crashed runs since its last finished run (optional:
    # readers of version 2 may ignore it)
    missed_windows: list[MissedWindow] = Field(default_factory=list)
    # the zone the run showed its times in (its check messages were written in it) and its reports
    # show theirs in, unless a render names another (optional: readers of version 2 may ignore it)
    timezone: str | None = None

    @property
    def worst(self) -> Outcome:
        return Outcome.worst(i.worst for i in self.instances)

    def counts(self) -> dict[str, int]:
        total = {o.value: 0 for o in Outcome}
        for inst in self.instances:
            for k, v in inst.counts().items():
                total[k] += v
        return total
