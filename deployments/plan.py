"""The plan model: one scheduled inspection, validated completely before any Prefect call.

The Prefect server does not validate schedule parameters (prefect-notes.md §3), so everything a
scheduled run will need is checked here: the schedule spec, the timezone, the target against the
inventory, the window, threshold overrides against the registry, and the report options.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dbpatrol.errors import UserError
from flows.window import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, MIN_WINDOW_DAYS

from .schedule import Schedule, parse, validate_timezone

TIERS = ("daily", "weekly", "monthly", "semiannual", "annual")
Tier = Literal["daily", "weekly", "monthly", "semiannual", "annual"]
Format = Literal["pdf", "html", "json", "csv", "xlsx"]
Lang = Literal["en", "zh-CN"]
NAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# the base (unscheduled) deployments from prefect.yaml are named like this; a plan may not be
RESERVED_NAMES = frozenset({"immediate"})
PLAN_TAG = "dbpatrol-plan"
Overrides = dict[str, dict[str, dict[str, float | list[str] | None]]]


class PlanError(UserError):
    """A plan that cannot be created or changed; nothing was sent to the server."""


class Plan(BaseModel):
    """What a DBA decides: which tier, when, where, how far back, which thresholds, which reports."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="slug: lower-case letters, digits and dashes; the deployment's name")
    tier: Tier
    schedule: str = Field(description="schedule spec, e.g. 'weekly on wednesday at 08:00'")
    # validate_default: the default comes from settings (DBPATROL_TIMEZONE) and is checked too
    timezone: str = Field(default_factory=lambda: _default_timezone(), validate_default=True)
    instances: list[str] | None = None
    business: str | None = None
    host: str | None = None
    window_days: float | None = Field(default=None, description="days the window spans (default: the tier's)")
    thresholds: Overrides = Field(default_factory=dict)
    skip: list[str] = Field(default_factory=list, description="checks not to run: codes or categories")
    only: list[str] = Field(default_factory=list, description="run only these checks: codes or categories")
    formats: list[Format] = Field(default_factory=lambda: ["pdf", "html", "json"])
    lang: Lang = "en"
    inventory: str | None = Field(default=None, description="absolute path of the inventory file")

    @field_validator("name")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not NAME_RE.match(v or ""):
            raise ValueError(f"plan name {v!r}: use 1-63 lower-case letters, digits and dashes "
                             f"(a slug such as 'prod-weekly'), starting and ending with a letter or digit")
        if v in RESERVED_NAMES:
            raise ValueError(f"plan name {v!r} is reserved for the base deployments")
        return v

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, v: str) -> str:
        return parse(v).spec

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        return validate_timezone(v)

    @field_validator("instances")
    @classmethod
    def _instances(cls, v: list[str] | None) -> list[str] | None:
        if v is None:
            return None
        names = [n.strip() for n in v if n and n.strip()]
        return list(dict.fromkeys(names)) or None

    @field_validator("formats")
    @classmethod
    def _formats(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("give at least one report format")
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _target_and_window(self):
        if not self.instances and not self.business and not self.host:
            raise ValueError("empty target: give --instance (repeatable), --business or --host")
        if self.instances and (self.business or self.host):
            raise ValueError("give either instances or a business/host selection, not both")
        if self.window_days is None:
            self.window_days = float(DEFAULT_WINDOW_DAYS[self.tier])
        if not self.window_days > 0:
            raise ValueError(f"window_days must be greater than zero, not {self.window_days:g}")
        if self.window_days < MIN_WINDOW_DAYS:
            raise ValueError(f"window_days must be at least a minute ({MIN_WINDOW_DAYS:.6f}), not {self.window_days:g}")
        if self.window_days > MAX_WINDOW_DAYS:  # every run would fail computing its window
            raise ValueError(f"window_days must be at most {MAX_WINDOW_DAYS}, not {self.window_days:g}")
        return self

    # ----- derived -------------------------------------------------------------------------------

    @property
    def parsed_schedule(self) -> Schedule:
        return parse(self.schedule)

    @property
    def crons(self) -> list[str]:
        return self.parsed_schedule.crons()

    @property
    def flow_name(self) -> str:
        return f"dbpatrol-{self.tier}"

    @property
    def deployment_name(self) -> str:
        return f"{self.flow_name}/{self.name}"

    def target_words(self) -> str:
        if self.instances:
            return "instances " + ", ".join(self.instances)
        parts = [f"business {self.business}" if self.business else "", f"host {self.host}" if self.host else ""]
        return " / ".join(p for p in parts if p) + " (resolved at run time)"

    def flow_parameters(self) -> dict[str, Any]:
        """The tier flow's parameters for this plan's runs (scheduled and `plan run`)."""
        params: dict[str, Any] = {
            "plan": self.name,
            "window_days": self.window_days,
            "timezone": self.timezone,  # window days are calendar days in the plan's zone
            "formats": list(self.formats),
            "lang": self.lang,
            "inventory": self.inventory,
        }
        if self.instances:
            params["instances"] = list(self.instances)
        if self.business:
            params["business"] = self.business
        if self.host:
            params["host"] = self.host
        if self.thresholds:
            params["plan_thresholds"] = self.thresholds
        if self.skip:
            params["plan_skip"] = list(self.skip)
        if self.only:
            params["plan_only"] = list(self.only)
        return params

    # ----- references (inventory, registry) ---------------------------------------------------------

    def check_references(self, inventories: dict[str, Any] | None = None) -> "Plan":
        """Resolve the inventory path and check every name against it and the registry.

        Business/host selections are checked now *and* resolved again at each run, so instances
        added to a business later are inspected by its plans. ``inventories`` (path → loaded
        Inventory) lets a batch of plans read each inventory file once (issue 13 item 5).
        """
        from checks import registry
        from dbpatrol.inventory import load_inventory
        from dbpatrol.settings import load_settings

        path = Path(self.inventory) if self.inventory else load_settings().inventory_path()
        key = str(path.resolve())
        inv = inventories.get(key) if inventories is not None else None
        if inv is None:
            inv = load_inventory(path)
            if inventories is not None:
                inventories[key] = inv
        inv.select(business=self.business, host=self.host, instances=self.instances)
        try:
            registry.load().validate_overrides(self.thresholds)
        except ValueError as exc:
            raise PlanError(str(exc)) from None
        from checks.items import ItemError, codes_of, normalize

        try:
            self.skip = normalize(registry.load(), self.skip, "--skip")
            self.only = normalize(registry.load(), self.only, "--only")
        except ItemError as exc:
            raise PlanError(str(exc)) from None
        if self.only and not codes_of(registry.load(), self.only) & {c.code for c in registry.load().select(self.tier)}:
            raise PlanError(f"--only {','.join(self.only)}: selects no check of the {self.tier} tier")
        self.inventory = key
        return self


def _default_timezone() -> str:
    from dbpatrol.settings import load_settings

    return load_settings().timezone


def parse_thresholds(items: list[str] | None) -> Overrides:
    """``CODE.NAME=W/C`` strings (the CLI's --threshold) → the overrides mapping."""
    from checks import registry

    try:
        return registry.merge_overrides(*(registry.parse_override(t) for t in items or []))
    except ValueError as exc:
        raise PlanError(str(exc)) from None


def build_plan(*, inventories: dict[str, Any] | None = None, **fields: Any) -> Plan:
    """A validated Plan (model + references) or a PlanError that says what is wrong."""
    try:
        plan = Plan(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise PlanError(describe_validation(exc)) from None
    return plan.check_references(inventories)


def describe_validation(exc: ValidationError) -> str:
    msgs = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"] if not str(p).startswith("function"))
        msg = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] == "literal_error":
            msg = f"{e.get('input')!r}: {msg[:1].lower()}{msg[1:]}"
        msgs.append(f"{loc}: {msg}" if loc and not msg.startswith(("schedule", "plan name", "unknown timezone")) else msg)
    return "; ".join(msgs)


# ----- many plans from one file (`dbpatrol plan import FILE`) ------------------------------------------

PLAN_FIELDS = tuple(Plan.model_fields)
MAX_LISTED_ERRORS = 20


def load_plans_file(path: str | Path, inventory: str | None = None) -> list[Plan]:
    """Every plan of a plans file, validated completely (model and references), or one PlanError that
    names each bad entry: a batch is created whole or not at all.

    The file is YAML (JSON is YAML too): ``plans:`` a list of mappings with the Plan's fields (name,
    tier, schedule, timezone, instances | business/host, window_days, thresholds, skip, only,
    formats, lang, inventory), and optionally ``defaults:`` a mapping of fields every plan takes
    unless it sets its own; a bare list of plans also works. ``thresholds`` is a mapping like the
    Python API's or a list of ``CODE.NAME=W/C`` strings; ``skip``/``only``/``formats`` a list or a
    comma-separated string. A relative ``inventory`` is relative to the file's directory; without
    one, ``inventory`` (the CLI's --inventory) or the settings' inventory. Each inventory file is
    read once for the whole batch.
    """
    import yaml

    from checks.items import split

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlanError(f"{p}: cannot read the plans file: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        raise PlanError(f"{p}:{where} not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    defaults: dict[str, Any] = {}
    if isinstance(data, dict):
        unknown = sorted(set(data) - {"plans", "defaults"})
        if unknown:
            raise PlanError(f"{p}: unknown top-level key(s) {', '.join(map(str, unknown))}: use `plans:` and `defaults:`")
        defaults = data.get("defaults") or {}
        data = data.get("plans")
        if not isinstance(defaults, dict):
            raise PlanError(f"{p}: `defaults:` must be a mapping of plan fields")
    if not isinstance(data, list) or not data:
        raise PlanError(f"{p}: no plans: give `plans:` a list of plans (mappings with name, tier, schedule, target)")
    base = p.resolve().parent
    inventories: dict[str, Any] = {}
    plans: list[Plan] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(data):
        label = f"plans[{i}]"
        if not isinstance(entry, dict):
            errors.append(f"{label}: a plan is a mapping of fields, not {type(entry).__name__}")
            continue
        fields = {**defaults, **entry}
        name = fields.get("name")
        if name is not None:
            label += f" ({name})"
        unknown = sorted(set(map(str, fields)) - set(PLAN_FIELDS))
        if unknown:
            errors.append(f"{label}: unknown field(s) {', '.join(unknown)} (known: {', '.join(PLAN_FIELDS)})")
            continue
        try:
            if isinstance(fields.get("thresholds"), (list, str)):
                th = fields["thresholds"]
                fields["thresholds"] = parse_thresholds([th] if isinstance(th, str) else [str(t) for t in th])
            for key in ("skip", "only", "formats"):
                if isinstance(fields.get(key), str):
                    fields[key] = split(fields[key])
            if isinstance(fields.get("instances"), str):
                fields["instances"] = [fields["instances"]]
            if fields.get("inventory"):
                fields["inventory"] = str(base / str(fields["inventory"]))  # an absolute path stays as it is
            elif inventory:
                fields["inventory"] = str(inventory)
            plan = build_plan(inventories=inventories, **fields)
        except UserError as exc:
            errors.append(f"{label}: {exc}")
            continue
        if plan.name in seen:
            errors.append(f"{label}: the name {plan.name!r} is also plans[{seen[plan.name]}]'s")
            continue
        seen[plan.name] = i
        plans.append(plan)
    if errors:
        shown = errors[:MAX_LISTED_ERRORS]
        more = f"\n  … and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
        raise PlanError(f"{p}: {len(errors)} of {len(data)} plan(s) are not valid; none was created:\n  "
                        + "\n  ".join(shown) + more)
    return plans
