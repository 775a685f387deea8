"""The registry: discovers every check by walking ``checks/<category>/<CODE>_<name>/``.

It validates the catalog when it is loaded (unique codes and names, folder = ``<CODE>_<name>``
inside its category folder, SQL (or a Python collector in ``collect.py``, checks/collect.py)
present for every declared engine and for no other, judge
thresholds = declared thresholds, SQL binds limited to the window and, for database-scope
checks, ``:database``) and answers the questions
the flows ask: which checks run in a tier for an engine, which SQL runs on a given server, and
what the effective thresholds are once overrides are layered on the defaults.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from dbpatrol.errors import UserError
from dbpatrol.results import EffectiveThreshold

from .judges import Levels
from .spec import CATEGORIES, ENGINES, SQL_FALLBACK, TIERS, CheckSpec, parse_version, tier_includes

ROOT = Path(__file__).resolve().parent
# :database is the database (MySQL/MariaDB: schema) a database-scope check runs in
ALLOWED_BINDS = frozenset({"window_start", "window_end", "database"})
WINDOW_BINDS = frozenset({"window_start", "window_end"})
_SQL_NAME = re.compile(r"^(?P<engine>[a-z]+)(?:\+(?P<path>[a-z]+))?(?:@(?P<version>[0-9.]+))?\.sql$")
_BIND = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)\b")
LEVELS = ("warning", "critical")
# Check numbers 900–999 are reserved for the synthetic sample catalog the report tests use
# (reports/sample.py: RUN901, SEC901 …); no real check may take one.
SAMPLE_CODE_FLOOR = 900
_CODE_NUMBER = re.compile(r"(\d+)$")
VALUE = "value"  # the one setting of a guard or list threshold


class CatalogError(Exception):
    """The catalog on disk is inconsistent (raised at import, in tests and in CI)."""


class OverrideError(UserError, ValueError):
    """A threshold override names a check, threshold or level that does not exist."""


@dataclass(frozen=True)
class SqlVariant:
    engine: str
    min_version: tuple[int, ...]
    path: Path
    source: str | None = None  # a SourcePath name (file <engine>+<source>.sql), None: the plain SQL

    @functools.cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass
class Check:
    spec: CheckSpec
    folder: Path
    sql: dict[str, list[SqlVariant]] = field(default_factory=dict)  # engine → variants, newest first
    # engine → a Python collector from the folder's collect.py (checks/collect.py), for engines that
    # collect with code on the session instead of SQL (a server log read in chunks, a file)
    collectors: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.spec.code

    def supports(self, engine: str) -> bool:
        return self.spec.support(engine) is not None

    def sql_for(self, engine: str, version: tuple[int, ...], facts=None) -> SqlVariant | None:
        """The SQL file for this engine (or its fallback) whose minimum version the server meets, on
        the source path the session's ``facts`` select (EngineSupport.path_for; without facts, the
        plain SQL). None when the engine collects in Python (its own collector wins over a fallback's SQL)."""
        support = self.spec.support(engine)
        path = support.path_for(facts) if support is not None and facts is not None else None
        source = path.name if path is not None else None
        for eng in (engine, SQL_FALLBACK.get(engine)):
            if eng in self.collectors:
                return None
            for variant in self.sql.get(eng or "", []):
                if variant.source == source and variant.min_version <= version:
                    return variant
        return None

    def collector_for(self, engine: str):
        """The Python collector this engine runs (its own, else its fallback's when it has no SQL of
        its own), or None when it collects by SQL."""
        if engine in self.collectors:
            return self.collectors[engine]
        fallback = SQL_FALLBACK.get(engine)
        if fallback in self.collectors and not self.sql.get(engine):
            return self.collectors[fallback]
        return None


def _load_check(category_dir: Path, folder: Path) -> Check:
    module_name = f"checks.{category_dir.name}.{folder.name}.spec"
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # surface the folder, not only the traceback
        raise CatalogError(f"{folder}: cannot import spec.py: {exc}") from exc
    spec = getattr(module, "SPEC", None)
    if not isinstance(spec, CheckSpec):
        raise CatalogError(f"{folder}/spec.py must define SPEC = CheckSpec(...)")
    check = Check(spec=spec, folder=folder)
    if (folder / "collect.py").exists():
        try:
            collect = importlib.import_module(f"checks.{category_dir.name}.{folder.name}.collect")
        except Exception as exc:
            raise CatalogError(f"{folder}: cannot import collect.py: {exc}") from exc
        check.collectors = {e: getattr(collect, e) for e in ENGINES if callable(getattr(collect, e, None))}
        if not check.collectors:
            raise CatalogError(f"{folder}/collect.py defines no collector (a function named after an engine: "
                               f"{', '.join(ENGINES)})")
    for sql_file in sorted(folder.glob("*.sql")):
        m = _SQL_NAME.match(sql_file.name)
        if not m or m["engine"] not in ENGINES:
            raise CatalogError(f"{sql_file}: SQL files are named <engine>.sql or <engine>@<version>.sql")
        variant = SqlVariant(m["engine"], parse_version(m["version"] or "0"), sql_file, m["path"])
        check.sql.setdefault(variant.engine, []).append(variant)
    for variants in check.sql.values():
        variants.sort(key=lambda v: v.min_version, reverse=True)
    return check


def _validate(checks: list[Check]) -> None:
    problems: list[str] = []
    seen_codes: dict[str, Path] = {}
    seen_names: dict[str, Path] = {}
    for c in checks:
        s = c.spec
        where = c.folder.relative_to(ROOT)
        if c.folder.name != f"{s.code}_{s.name}":
            problems.append(f"{where}: folder must be named {s.code}_{s.name}")
        if c.folder.parent.name != s.category:
            problems.append(f"{where}: category {s.category} but folder is under {c.folder.parent.name}/")
        if s.code in seen_codes:
            problems.append(f"{where}: code {s.code} already used by {seen_codes[s.code]}")
        if s.name in seen_names:
            problems.append(f"{where}: name {s.name} already used by {seen_names[s.name]}")
        seen_codes[s.code] = where
        number = _CODE_NUMBER.search(s.code)
        if number and int(number.group(1)) >= SAMPLE_CODE_FLOOR:
            problems.append(f"{where}: code {s.code}: numbers {SAMPLE_CODE_FLOOR}-999 are reserved for the sample catalog "
                            "(reports/sample.py); take the next free number below it")
        seen_names[s.name] = where
        for engine in s.engines:
            if not (c.sql.get(engine) or c.sql.get(SQL_FALLBACK.get(engine, "")) or c.collector_for(engine)):
                problems.append(f"{where}: engine {engine} declared but no {engine}.sql")
        for engine, variants in c.sql.items():
            support = s.engines.get(engine)
            declared_paths = {p.name for p in support.paths} if support else set()
            for v in variants:
                if v.source is not None and v.source not in declared_paths:
                    problems.append(f"{where}/{v.path.name}: source path {v.source!r} is not declared in "
                                    f"EngineSupport.paths of {engine}")
            for name in declared_paths - {v.source for v in variants}:
                problems.append(f"{where}: {engine} declares source path {name!r} but has no {engine}+{name}.sql")
            if variants and not any(v.source is None for v in variants):
                problems.append(f"{where}: {engine} has only source-path SQL; add the plain {engine}.sql")
        for engine in c.sql:
            served = [e for e in s.engines if e == engine or SQL_FALLBACK.get(e) == engine]
            if not served:
                problems.append(f"{where}: {engine}.sql present but engine {engine} not declared")
            if engine in c.collectors:
                problems.append(f"{where}: {engine} has both {engine}.sql and a collector in collect.py: keep one")
        for engine in c.collectors:
            if engine not in s.engines:
                problems.append(f"{where}: collect.py collects {engine}, which the spec does not declare")
        for engine, fallback in SQL_FALLBACK.items():
            # MariaDB versions (10.x, 11.x) sort above MySQL's (8.x): without SQL of its own from its
            # minimum version up, a MariaDB server falls back to the newest mysql@<version>.sql.
            support = s.engines.get(engine)
            versioned = [v for v in c.sql.get(fallback, []) if v.min_version > (0,)]
            if support is None or not versioned or engine in c.collectors:
                continue
            own = c.sql.get(engine, [])
            if not own or min(v.min_version for v in own) > support.version_tuple():
                problems.append(f"{where}: {versioned[0].path.name} would be picked for {engine} (its versions sort "
                                f"above {fallback}'s): add a {engine}.sql")
        declared = {t.name for t in s.thresholds}
        used = set(getattr(s.judge, "uses", frozenset()))
        if not hasattr(s.judge, "uses"):
            problems.append(f"{where}: judge must declare the thresholds it uses (@uses)")
        elif declared != used:
            problems.append(f"{where}: thresholds declared {sorted(declared)} but judge uses {sorted(used)}")
        for variants in c.sql.values():
            for v in variants:
                text = _strip_sql_comments(v.text)
                binds = set(_BIND.findall(text))
                if binds - ALLOWED_BINDS:
                    problems.append(f"{where}/{v.path.name}: unknown bind parameters {sorted(binds - ALLOWED_BINDS)}")
                served = [e for e in s.engines if e == v.engine or SQL_FALLBACK.get(e) == v.engine]
                scopes = {s.scope_of(e) for e in served} or {s.scope}
                if "database" in binds and scopes != {"database"}:
                    problems.append(f"{where}/{v.path.name}: binds :database but its scope is {'/'.join(sorted(scopes))}")
                support = s.engines.get(v.engine)
                path = next((p for p in (support.paths if support else ()) if p.name == v.source), None)
                if (path.basis if path else s.basis) == "window" and not binds & WINDOW_BINDS:
                    problems.append(f"{where}/{v.path.name}: evaluates_window but never binds :window_start/:window_end")
                if re.search(r"\{[a-z_]+\}", text):
                    problems.append(f"{where}/{v.path.name}: SQL must not contain format placeholders")
    if problems:
        raise CatalogError("check catalog is inconsistent:\n  " + "\n  ".join(problems))


def _strip_sql_comments(sql: str) -> str:
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    sql = re.sub(r"--[^\n]*", " ", sql)
    return re.sub(r"'(?:[^']|'')*'", "''", sql)  # string literals may hold colons


def bind_names(sql: str) -> set[str]:
    return set(_BIND.findall(_strip_sql_comments(sql)))


@functools.lru_cache(maxsize=1)
def load() -> "Registry":
    checks: list[Check] = []
    for category in CATEGORIES:
        category_dir = ROOT / category
        if not category_dir.is_dir():
            continue
        for folder in sorted(p for p in category_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
            checks.append(_load_check(category_dir, folder))
    _validate(checks)
    return Registry(checks)


class Registry:
    def __init__(self, checks: Iterable[Check]):
        self._checks = {c.code: c for c in sorted(checks, key=lambda c: c.code)}

    def __iter__(self):
        return iter(self._checks.values())

    def __len__(self):
        return len(self._checks)

    def get(self, code: str) -> Check:
        try:
            return self._checks[code]
        except KeyError:
            raise OverrideError(f"unknown check code {code!r}") from None

    def select(self, tier: str, engine: str | None = None, category: str | None = None) -> list[Check]:
        """The checks a tier runs (cumulative), optionally for one engine and category."""
        if tier not in TIERS:
            raise ValueError(f"unknown tier {tier!r} (one of {', '.join(TIERS)})")
        return [
            c
            for c in self
            if tier_includes(tier, c.spec.tier)
            and (engine is None or c.supports(engine))
            and (category is None or c.spec.category == category)
        ]

    def categories(self, tier: str, engine: str | None = None) -> list[str]:
        present = {c.spec.category for c in self.select(tier, engine)}
        return [cat for cat in CATEGORIES if cat in present]

    # ----- thresholds -------------------------------------------------------------------------

    def validate_overrides(self, overrides: Mapping[str, Mapping[str, Mapping[str, Any]]] | None) -> None:
        for code, by_name in (overrides or {}).items():
            check = self.get(code)
            declared = {t.name for t in check.spec.thresholds}
            for name, levels in (by_name or {}).items():
                if name not in declared:
                    have = ", ".join(sorted(declared)) or "none"
                    raise OverrideError(f"check {code} has no threshold {name!r} (it has: {have})")
                kind = check.spec.threshold(name).kind
                allowed = LEVELS if kind == "level" else (VALUE,)
                for level in levels or {}:
                    if level not in allowed:
                        raise OverrideError(f"{code}.{name}: a {kind} threshold takes {' or '.join(allowed)}, not {level!r}")
                if kind != "list":
                    _check_values(code, name, check.spec.threshold(name), levels or {})

    def effective_thresholds(
        self, code: str, layers: Iterable[tuple[str, Mapping[str, Any] | None]]
    ) -> dict[str, EffectiveThreshold]:
        """Defaults from the spec, then each (source, overrides) layer in order; later wins."""
        spec = self.get(code).spec
        out: dict[str, EffectiveThreshold] = {}
        for t in spec.thresholds:
            default_value = list(t.value) if isinstance(t.value, tuple) else t.value
            eff = {"warning": t.warning, "critical": t.critical, VALUE: default_value, "source": "default"}
            for source, overrides in layers:
                levels = ((overrides or {}).get(code) or {}).get(t.name) or {}
                for level in (*LEVELS, VALUE):
                    if level in levels:
                        v = levels[level]
                        if t.kind == "list" and isinstance(v, str):
                            v = [x.strip() for x in v.split(",") if x.strip()]
                        eff[level] = v
                        eff["source"] = source
            out[t.name] = EffectiveThreshold(
                name=t.name,
                unit=t.unit,
                direction=t.direction,
                warning=eff["warning"],
                critical=eff["critical"],
                default_warning=t.warning,
                default_critical=t.critical,
                source=eff["source"],
                rationale=t.rationale,
                kind=t.kind,
                value=eff[VALUE],
                default_value=default_value,
            )
        return out


def levels_of(effective: Mapping[str, EffectiveThreshold]) -> dict[str, Levels]:
    return {name: Levels(e.warning, e.critical, e.direction, e.value) for name, e in effective.items()}


def _check_values(code: str, name: str, spec_threshold, levels: Mapping[str, Any]) -> None:
    """A number that can judge: finite and not negative (none/off switches a level off), and a
    warning that fires before the critical it sits with (given here or the default)."""
    import math

    for level, v in levels.items():
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise OverrideError(f"{code}.{name}.{level}: {v!r} is not a number")
        if not math.isfinite(v):
            raise OverrideError(f"{code}.{name}.{level}: {v!r} is not a finite number (use none to switch a level off)")
        if v < 0:
            raise OverrideError(f"{code}.{name}.{level}: {v:g} is negative; every dbpatrol threshold counts from 0")
    if spec_threshold.kind != "level":
        return
    warning = levels.get("warning", spec_threshold.warning) if "warning" in levels else spec_threshold.warning
    critical = levels.get("critical", spec_threshold.critical) if "critical" in levels else spec_threshold.critical
    if warning is not None and critical is not None:
        above = spec_threshold.direction == "above"
        if (warning > critical) if above else (warning < critical):
            raise OverrideError(f"{code}.{name}: warning {warning:g} must fire before critical {critical:g} "
                                f"({'at or below' if above else 'at or above'} it: the check alarms when the value is "
                                f"{spec_threshold.direction} them)")


def parse_override(text: str) -> dict[str, dict[str, dict[str, float | None]]]:
    """Parse ``CODE.NAME=W/C``, ``CODE.NAME=V`` (both levels), ``CODE.NAME.warning=V``; ``none`` disables.

    >>> parse_override("RUN003.used_pct=70/85")
    {'RUN003': {'used_pct': {'warning': 70.0, 'critical': 85.0}}}
    """
    if "=" not in text:
        raise OverrideError(f"threshold override {text!r}: expected CODE.NAME=VALUE")
    key, _, value = text.partition("=")
    parts = key.strip().split(".")
    if len(parts) == 2:
        code, name, level = parts[0], parts[1], None
    elif len(parts) == 3:
        code, name, level = parts
    else:
        raise OverrideError(f"threshold override {text!r}: expected CODE.NAME=VALUE or CODE.NAME.LEVEL=VALUE")

    def num(v: str) -> float | None:
        v = v.strip()
        if v.lower() in ("none", "off", "-"):
            return None
        try:
            return float(v)
        except ValueError:
            raise OverrideError(f"threshold override {text!r}: {v!r} is not a number") from None

    kind = "level"
    try:
        kind = load().get(code).spec.threshold(name).kind
    except (OverrideError, KeyError):
        pass  # unknown code or name: validate_overrides says which
    if kind == "list":
        if level not in (None, VALUE):
            raise OverrideError(f"threshold override {text!r}: {code}.{name} is a list; set it as {code}.{name}=A,B")
        return {code: {name: {VALUE: [v.strip() for v in value.split(",") if v.strip()]}}}
    if kind == "guard":
        if level not in (None, VALUE):
            raise OverrideError(f"threshold override {text!r}: {code}.{name} takes one value: {code}.{name}=N")
        return {code: {name: {VALUE: num(value)}}}
    if level is not None:
        if level not in LEVELS:
            raise OverrideError(f"threshold override {text!r}: level must be warning or critical")
        levels = {level: num(value)}
    elif "/" in value:
        w, _, c = value.partition("/")
        levels = {"warning": num(w), "critical": num(c)}
    else:
        levels = {"warning": num(value), "critical": num(value)}
    return {code: {name: levels}}


def merge_overrides(*many: Mapping[str, Any] | None) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for overrides in many:
        for code, by_name in (overrides or {}).items():
            for name, levels in (by_name or {}).items():
                out.setdefault(code, {}).setdefault(name, {}).update(levels or {})
    return out
