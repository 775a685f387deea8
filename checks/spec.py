"""The check spec: everything a check declares about itself, validated when it is loaded.

A check lives in exactly one folder, ``checks/<category>/<CODE>_<name>/``, holding ``spec.py``
(which defines ``SPEC = CheckSpec(...)``) and one SQL file per engine. See checks/README.md.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dbpatrol.results import Compliance, Outcome, Text

TIERS = ("daily", "weekly", "monthly", "semiannual", "annual")
Tier = Literal["daily", "weekly", "monthly", "semiannual", "annual"]

# Category → the first tier it belongs to (the bank tool's tiering, catalog.md §2).
CATEGORIES: dict[str, str] = {
    "running": "daily",
    "backup": "daily",
    "errors": "daily",
    "objects": "weekly",
    "security": "weekly",
    "config": "monthly",
    "os": "monthly",
    "performance": "semiannual",
}
Category = Literal["running", "backup", "errors", "objects", "security", "config", "os", "performance"]

ENGINES = ("postgresql", "mysql", "mariadb", "oracle")
Engine = Literal["postgresql", "mysql", "mariadb", "oracle"]

# Compliance frameworks a spec may cite in CheckSpec.compliance → the engines whose findings carry
# them (a MariaDB finding carries the CIS MariaDB items and the 等保 clauses, not the CIS MySQL ones).
COMPLIANCE_FRAMEWORKS: dict[str, tuple[str, ...]] = {
    "CIS PostgreSQL 16": ("postgresql",),
    "CIS MySQL 8.0": ("mysql",),
    "CIS MariaDB 10.11": ("mariadb",),
    "CIS Oracle Database 19c": ("oracle",),
    "等保2.0": ENGINES,
}

# 等保 2.0 = GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》; clause 8 is level 3 (第三级),
# 8.1.4 安全计算环境 (security computing environment). Numbered as the standard numbers them:
# 8.1.4.1 is 身份鉴别 (WEIli1215/mysql-checker's stub list, quoted in catalog.md §5, is one off).
DENGBAO_CLAUSES: dict[str, Text] = {
    "8.1.4.1": Text(en="Identification and authentication", zh="身份鉴别"),
    "8.1.4.2": Text(en="Access control", zh="访问控制"),
    "8.1.4.3": Text(en="Security audit", zh="安全审计"),
    "8.1.4.4": Text(en="Intrusion prevention", zh="入侵防范"),
    "8.1.4.5": Text(en="Malicious code prevention", zh="恶意代码防范"),
    "8.1.4.6": Text(en="Trusted verification", zh="可信验证"),
    "8.1.4.7": Text(en="Data integrity", zh="数据完整性"),
    "8.1.4.8": Text(en="Data confidentiality", zh="数据保密性"),
    "8.1.4.9": Text(en="Data backup and recovery", zh="数据备份恢复"),
    "8.1.4.10": Text(en="Residual information protection", zh="剩余信息保护"),
    "8.1.4.11": Text(en="Personal information protection", zh="个人信息保护"),
}

# An SQL file named after the first engine serves the second when the second has none of its own.
SQL_FALLBACK = {"mariadb": "mysql"}


def tier_includes(run_tier: str, check_tier: str) -> bool:
    """Tiers are cumulative: a check runs in its own tier and every rarer one."""
    return TIERS.index(check_tier) <= TIERS.index(run_tier)


def T(en: str, zh: str | None = None) -> Text:
    """Shorthand for a two-language text in specs."""
    return Text(en=en, zh=zh)


class Threshold(BaseModel):
    """A tunable a judge reads. Three kinds:

    * ``level`` (default): ``warning`` / ``critical`` limits in ``direction`` (above or below);
    * ``guard``: one number ``value`` that is not a severity level — a minimum sample (below it the
      check does not rate, e.g. fewer than 1,000 transactions) or a sane range bound;
    * ``list``: ``value`` is a tuple of strings — allowed values, names to exclude, patterns.

    All three are overridden by the same layers (settings < instance < plan < run).
    """

    model_config = ConfigDict(frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    unit: str
    warning: float | None = None
    critical: float | None = None
    direction: Literal["above", "below"] = "above"
    kind: Literal["level", "guard", "list"] = "level"
    value: float | tuple[str, ...] | None = None
    rationale: str  # one line, naming its source (an anchor from catalog.md)

    @model_validator(mode="after")
    def _kind(self):
        if self.kind != "level" and (self.warning is not None or self.critical is not None):
            raise ValueError(f"threshold {self.name}: a {self.kind} has a value, not warning/critical")
        if self.kind == "guard" and not isinstance(self.value, (int, float)) and self.value is not None:
            raise ValueError(f"threshold {self.name}: a guard's value is a number")
        if self.kind == "list" and not isinstance(self.value, tuple):
            raise ValueError(f"threshold {self.name}: a list's value is a tuple of strings")
        return self

    @model_validator(mode="after")
    def _ordered(self):
        if self.warning is not None and self.critical is not None:
            bad = self.warning > self.critical if self.direction == "above" else self.warning < self.critical
            if bad:
                raise ValueError(f"threshold {self.name}: warning must fire before critical")
        return self


Basis = Literal["window", "current", "cumulative"]
Scope = Literal["instance", "database"]


class WindowSpec(BaseModel):
    """How a check's rows are evaluated over the sampling window from stored snapshots (checks/window.py).

    ``counters``: check column ← source column whose in-window increase replaces it; ``peaks``: check
    column ← source gauge whose in-window maximum replaces it (``peak_at`` names the column that gets
    the time of the first peak). ``match``: the check columns naming the source object (joined by
    "." as object keys are); empty: the instance's one row, matched to ``source_object``. ``derive``
    recomputes the columns made from counters (ratios) on the window row; ``set`` gives columns a
    fixed value in window rows (e.g. ``peak_in_window``). The judge then rates the window values with
    ``counters_since`` = the first time counted and ``days_since`` = the time covered.

    Two more kinds for gauges sampled inside the window: ``sums`` (check column ← source gauge whose
    values over the snapshots inside the window are added up: a sampled profile, e.g. backends per wait
    event) and ``trends`` (check column ← source gauge whose least-squares slope per day over the
    snapshots inside the window replaces it: growth). ``samples`` names a column that gets the number of
    snapshots inside the window the row was evaluated from.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    source: str
    counters: dict[str, str] = Field(default_factory=dict)
    peaks: dict[str, str] = Field(default_factory=dict)
    sums: dict[str, str] = Field(default_factory=dict)
    trends: dict[str, str] = Field(default_factory=dict)
    samples: str | None = None
    peak_at: str | None = None
    match: tuple[str, ...] = ()
    source_object: str = "(instance)"
    derive: Any = None  # callable(row) -> dict
    set: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_source(self):
        from .samples import by_name

        by_name(self.source)
        if not self.counters and not self.peaks and not self.sums and not self.trends:
            raise ValueError(f"window on {self.source}: name counters, peaks, sums or trends")
        return self

    def object_of(self, row: dict[str, Any]) -> str:
        if not self.match:
            return self.source_object
        return ".".join("" if row.get(c) is None else str(row.get(c)) for c in self.match)


# Alternative sources a check may read, by the session fact that allows each (checks/README.md
# "Source paths"): a SQL file named ``<engine>+<path>[@<version>].sql`` is used instead of the plain
# ``<engine>[@<version>].sql`` when the fact is True — never when it is unknown (None), so a licence
# the session could not read is not assumed.
SOURCE_FACTS: dict[str, str] = {"awr": "diagnostics_pack", "statspack": "statspack"}


class SourcePath(BaseModel):
    """One alternative SQL source of a check on an engine (Oracle: AWR when the Diagnostics Pack is
    declared, Statspack when PERFSTAT is readable). ``privilege`` is what that SQL needs instead of
    EngineSupport.privilege (probed only when the path is taken, so a licence-free session never
    probes a pack view); ``basis`` what its rows evaluate (AWR/Statspack snapshots: the window)."""

    model_config = ConfigDict(frozen=True)

    name: Literal["awr", "statspack"]
    privilege: str
    basis: Literal["window", "current", "cumulative"] = "window"

    @property
    def fact(self) -> str:
        return SOURCE_FACTS[self.name]


class EngineSupport(BaseModel):
    model_config = ConfigDict(frozen=True)

    min_version: str = "0"  # the server version the SQL needs, e.g. "12" or "10.5"
    privilege: str  # what the monitoring user needs for this check on this engine (comma-separated grants)
    roles: tuple[Literal["primary", "standby"], ...] = ("primary", "standby")
    # Facts that must hold for the check to apply (checks/facts.py REQUIREMENTS), e.g. "archiving",
    # "binlog", "replica", "performance_schema", "extension:pg_stat_statements"; "not:<fact>" negates.
    # A fact the session could not establish (None) does not make a check inapplicable.
    requires: tuple[str, ...] = ()
    # Oracle multitenant: where the check runs. "root": in CDB$ROOT (CDB-wide state: redo, RMAN,
    # FRA, instance limits); "pdb": in each PDB (its own objects, users, jobs); "any": wherever the
    # inventory's service connects. A non-CDB runs every check. See checks/facts.py wrong_container.
    container: Literal["any", "root", "pdb"] = "any"
    # Where the check runs on this engine when it differs from CheckSpec.scope: e.g. a PostgreSQL
    # object check reads one database's catalogs ("database") while its MySQL SQL reads every
    # schema at once ("instance"). None: CheckSpec.scope.
    scope: Scope | None = None
    # Evaluated over the window from stored snapshots when they cover it (checks/window.py); else the
    # check's own basis (cumulative counters since a named time, or the state now).
    window: WindowSpec | None = None
    # What widens the view beyond ``privilege`` when the check's view depends on grants on the objects
    # themselves (SELECT on sequences, on tables for their pg_stats) rather than on a role the session
    # can probe — say it as the grant to give ("SELECT on the sequences (GRANT SELECT ON ALL SEQUENCES
    # IN SCHEMA …) or pg_read_all_data"). Such a check runs on ``privilege`` alone, counts what it could
    # not see, and is never OK over it: its judge makes the finding SKIPPED (privilege) naming the gap
    # unless it found a problem in what it saw (tests/test_privileges.py holds it to that).
    partial_view: str | None = None
    # Alternative sources tried in order before the plain SQL file (SourcePath); the first whose fact
    # the session holds (True) is used. Empty: the check has one source.
    paths: tuple[SourcePath, ...] = ()

    def path_for(self, facts: Mapping[str, Any] | None) -> SourcePath | None:
        """The source path this session takes (None: the plain SQL file)."""
        for p in self.paths:
            if (facts or {}).get(p.fact) is True:
                return p
        return None

    def privilege_for(self, facts: Mapping[str, Any] | None) -> str:
        path = self.path_for(facts)
        return path.privilege if path is not None else self.privilege

    def all_privileges(self) -> list[str]:
        """Every privilege declaration of this engine: the plain SQL's and each path's."""
        return [self.privilege, *(p.privilege for p in self.paths)]

    @field_validator("requires")
    @classmethod
    def _known_requirements(cls, v):
        from .facts import check_requirement_names

        check_requirement_names(v)
        return v

    def version_tuple(self) -> tuple[int, ...]:
        return parse_version(self.min_version)


def parse_version(v: str) -> tuple[int, ...]:
    out = []
    for part in v.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        out.append(int(digits))
    return tuple(out) or (0,)


class RemediationSpec(BaseModel):
    text: Text
    commands: dict[str, list[str]] = Field(default_factory=dict)  # engine → commands
    references: list[str] = Field(default_factory=list)


class Verdict(BaseModel):
    """What a judge returns: the outcome, which message to show, and the evidence."""

    outcome: Outcome
    message: str = "ok"  # a key of CheckSpec.messages
    params: dict[str, Any] = Field(default_factory=dict)
    evidence: list[dict[str, Any]] | None = None  # None: all collected rows
    # Per-object outcomes (object key → outcome) for checks with an object_key; None: derived from
    # the evidence rows (each row at fault takes the verdict's outcome).
    objects: dict[str, Outcome] | None = None
    since: Any = None  # for basis "cumulative": the time the counters start (datetime or ISO text)
    total: int | None = None  # rows the evidence stands for when the judge cut it (default: len(evidence))
    skip_reason: str | None = None  # with outcome SKIPPED; default "not_applicable"
    # A collector that reads the window itself (the statement checks, from stored snapshots) and falls
    # back to counters since a reset says per finding which it rated: "window" / "cumulative" (None:
    # the spec's basis), with the window's coverage and its sampled series ({object: {column: points}},
    # every column a counter) for the report's charts.
    basis: Basis | None = None
    coverage_pct: float | None = None
    series: dict[str, dict[str, list]] | None = None


JudgeFn = Callable[..., Verdict]


class CheckSpec(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    code: str = Field(pattern=r"^[A-Z]{3}[0-9]{3}$")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    category: Category
    tier: Tier
    engines: dict[Engine, EngineSupport]
    columns: tuple[str, ...]
    thresholds: tuple[Threshold, ...] = ()
    judge: Any  # a callable (rows, thresholds, ctx) -> Verdict; see checks/judges.py
    messages: dict[str, Text]
    remediation: RemediationSpec
    timeout_s: float = 10.0
    # What a finding evaluates: "window" (logs/history/snapshots inside [window_start, window_end)),
    # "current" (the state at inspection time), "cumulative" (counters since a time the judge or
    # the rows name: Verdict.since or a ``counters_since`` column).
    basis: Basis = "current"
    # Columns that name one object per row (slot, table, role …): history, acknowledgements and the
    # score work per (instance, check, object). Empty: the check is about the instance as a whole.
    object_key: tuple[str, ...] = ()
    # "instance": once per instance; "database": in each database the inventory names.
    scope: Scope = "instance"
    # The benchmark items / regulation clauses this check gives evidence for (Compliance: framework,
    # item, title). Each finding carries those of its engine (COMPLIANCE_FRAMEWORKS); the report's
    # compliance appendix lists framework → item → checks → outcome per instance. A 等保 clause
    # gets the clause's own title (DENGBAO_CLAUSES); what of it the check covers goes in note=.
    compliance: tuple[Compliance, ...] = ()

    @property
    def evaluates_window(self) -> bool:
        return self.basis == "window"

    @field_validator("columns")
    @classmethod
    def _lower(cls, v):
        if any(c != c.lower() for c in v):
            raise ValueError("result columns are lower-case")
        return v

    @field_validator("compliance")
    @classmethod
    def _known_compliance(cls, v, info):
        engines = set(info.data.get("engines") or ())
        if "mysql" in engines:  # mysql.sql serves MariaDB unless the spec says otherwise
            engines.add("mariadb")
        out, seen = [], set()
        for c in v:
            if c.framework not in COMPLIANCE_FRAMEWORKS:
                raise ValueError(f"compliance framework {c.framework!r} is not one of {list(COMPLIANCE_FRAMEWORKS)}")
            if not re.fullmatch(r"[0-9]+(\.[0-9]+)*", c.item):
                raise ValueError(f"compliance item {c.item!r} ({c.framework}) is not a number like 5.4 or 8.1.4.1")
            served = set(COMPLIANCE_FRAMEWORKS[c.framework])
            if engines and not served & engines:
                raise ValueError(f"compliance {c.framework} {c.item}: the check declares no {sorted(served)} engine")
            if c.framework == "等保2.0":
                if c.item not in DENGBAO_CLAUSES:
                    raise ValueError(f"等保2.0 clause {c.item!r} is not one of {list(DENGBAO_CLAUSES)}")
                if c.title is None:
                    c = c.model_copy(update={"title": DENGBAO_CLAUSES[c.item]})
                elif c.title != DENGBAO_CLAUSES[c.item]:
                    raise ValueError(f"等保2.0 {c.item} is titled {DENGBAO_CLAUSES[c.item].zh}; say what the check "
                                     "covers of it in note=, not title=")
            elif c.title is None:
                raise ValueError(f"compliance {c.framework} {c.item}: give the item's title")
            if (c.framework, c.item) in seen:
                raise ValueError(f"compliance {c.framework} {c.item} is cited twice")
            seen.add((c.framework, c.item))
            out.append(c)
        return tuple(out)

    def compliance_for(self, engine: str) -> list[Compliance]:
        """The compliance references a finding on ``engine`` carries."""
        return [c for c in self.compliance if engine in COMPLIANCE_FRAMEWORKS[c.framework]]

    @model_validator(mode="after")
    def _consistent(self):
        if not callable(self.judge):
            raise ValueError("judge must be callable")
        names = [t.name for t in self.thresholds]
        if len(names) != len(set(names)):
            raise ValueError("duplicate threshold names")
        missing_key = [c for c in self.object_key if c not in self.columns]
        if missing_key:
            raise ValueError(f"object_key columns {missing_key} are not in columns")
        if "ok" not in self.messages:
            raise ValueError("messages must have an 'ok' entry")
        placed = [e for e, sup in self.engines.items() if sup.container != "any" and e != "oracle"]
        if placed:
            raise ValueError(f"container= is an Oracle multitenant setting, not for {placed}")
        windowed = [e for e, sup in self.engines.items() if sup.window is not None]
        if windowed:
            for key in self.messages:
                if key.startswith("window.") and key[len("window."):] not in self.messages:
                    raise ValueError(f"message {key!r} has no {key[len('window.'):]!r} to stand for")
            if "window.ok" not in self.messages:
                raise ValueError(f"engines {windowed} evaluate the window: give window.* messages (at least window.ok)")
        if TIERS.index(self.tier) < TIERS.index(CATEGORIES[self.category]):
            raise ValueError(f"category {self.category} starts at tier {CATEGORIES[self.category]}, not {self.tier}")
        return self

    def scope_of(self, engine: str) -> Scope:
        """Where the check runs on ``engine``: its EngineSupport.scope, else the spec's scope."""
        support = self.support(engine)
        return support.scope if support is not None and support.scope is not None else self.scope

    def support(self, engine: str) -> EngineSupport | None:
        """What this check declares for an engine, falling back as its SQL does (mariadb → mysql)."""
        return self.engines.get(engine) or self.engines.get(SQL_FALLBACK.get(engine, ""))

    def threshold(self, name: str) -> Threshold:
        for t in self.thresholds:
            if t.name == name:
                return t
        raise KeyError(name)
