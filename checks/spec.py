"""The check spec: everything a check declares about itself, validated when it is loaded.

A check lives in exactly one folder, ``checks/<category>/<CODE>_<name>/``, holding ``spec.py``
(which defines ``SPEC = CheckSpec(...)``) and one SQL file per engine. See checks/README.md.
"""

from __future__ import annotations

from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dbpatrol.results import Outcome, Text

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

# An SQL file named after the first engine serves the second when the second has none of its own.
SQL_FALLBACK = {"mariadb": "mysql"}


def tier_includes(run_tier: str, check_tier: str) -> bool:
    """Tiers are cumulative: a check runs in its own tier and every rarer one."""
    return TIERS.index(check_tier) <= TIERS.index(run_tier)


def T(en: str, zh: str | None = None) -> Text:
    """Shorthand for a two-language text in specs."""
    return Text(en=en, zh=zh)


class Threshold(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    unit: str
    warning: float | None
    critical: float | None
    direction: Literal["above", "below"] = "above"
    rationale: str  # one line, naming its source (an anchor from catalog.md)

    @model_validator(mode="after")
    def _ordered(self):
        if self.warning is not None and self.critical is not None:
            bad = self.warning > self.critical if self.direction == "above" else self.warning < self.critical
            if bad:
                raise ValueError(f"threshold {self.name}: warning must fire before critical")
        return self


class EngineSupport(BaseModel):
    model_config = ConfigDict(frozen=True)

    min_version: str = "0"  # the server version the SQL needs, e.g. "12" or "10.5"
    privilege: str  # what the monitoring user needs for this check on this engine
    roles: tuple[Literal["primary", "standby"], ...] = ("primary", "standby")

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
    evaluates_window: bool = False  # True: reads logs/history inside [window_start, window_end]

    @field_validator("columns")
    @classmethod
    def _lower(cls, v):
        if any(c != c.lower() for c in v):
            raise ValueError("result columns are lower-case")
        return v

    @model_validator(mode="after")
    def _consistent(self):
        if not callable(self.judge):
            raise ValueError("judge must be callable")
        names = [t.name for t in self.thresholds]
        if len(names) != len(set(names)):
            raise ValueError("duplicate threshold names")
        if "ok" not in self.messages:
            raise ValueError("messages must have an 'ok' entry")
        if TIERS.index(self.tier) < TIERS.index(CATEGORIES[self.category]):
            raise ValueError(f"category {self.category} starts at tier {CATEGORIES[self.category]}, not {self.tier}")
        return self

    def support(self, engine: str) -> EngineSupport | None:
        """What this check declares for an engine, falling back as its SQL does (mariadb → mysql)."""
        return self.engines.get(engine) or self.engines.get(SQL_FALLBACK.get(engine, ""))

    def threshold(self, name: str) -> Threshold:
        for t in self.thresholds:
            if t.name == name:
                return t
        raise KeyError(name)
