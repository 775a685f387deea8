"""Catalog invariants, with no database."""

from __future__ import annotations

import pytest

from checks import registry
from checks.spec import CATEGORIES, TIERS

REG = registry.load()


def test_catalog_loads_and_is_not_empty():
    assert len(REG) > 0


@pytest.mark.parametrize("check", list(REG), ids=lambda c: c.code)
def test_spec_is_complete(check):
    s = check.spec
    assert s.title.zh, f"{s.code}: title needs zh-CN"
    assert s.remediation.text.zh, f"{s.code}: remediation needs zh-CN"
    for key, text in s.messages.items():
        assert text.zh, f"{s.code}: message {key!r} needs zh-CN"
    for t in s.thresholds:
        assert t.rationale.strip(), f"{s.code}.{t.name}: rationale names its source"
    for engine, support in s.engines.items():
        assert support.privilege.strip(), f"{s.code}/{engine}: declare the privilege"
    assert s.code[:3] == {"running": "RUN", "backup": "BAK", "errors": "ERR", "objects": "OBJ",
                          "security": "SEC", "config": "CFG", "os": "OSH", "performance": "PRF"}[s.category]


def test_tiers_are_cumulative():
    for i, tier in enumerate(TIERS[1:], start=1):
        assert {c.code for c in REG.select(TIERS[i - 1])} <= {c.code for c in REG.select(tier)}


def test_daily_tier_holds_only_daily_categories():
    assert {c.spec.category for c in REG.select("daily")} <= {k for k, v in CATEGORIES.items() if v == "daily"}


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_daily_tier_has_at_least_15_checks_per_engine(engine):
    assert len(REG.select("daily", engine)) >= 15


def test_registry_rejects_inconsistent_specs(tmp_path, monkeypatch):
    """A folder whose name disagrees with its spec is refused at load."""
    check = next(iter(REG))
    bad = registry.Check(spec=check.spec, folder=check.folder.parent / "RUN999_other", sql=check.sql)
    with pytest.raises(registry.CatalogError, match="folder must be named"):
        registry._validate([bad])
    dup = registry.Check(spec=check.spec, folder=check.folder, sql=check.sql)
    with pytest.raises(registry.CatalogError, match="already used"):
        registry._validate([check, dup])
    nosql = registry.Check(spec=check.spec, folder=check.folder, sql={})
    with pytest.raises(registry.CatalogError, match="no .*sql"):
        registry._validate([nosql])


def test_threshold_overrides_are_typo_proof():
    code = next(c.code for c in REG if c.spec.thresholds)
    name = REG.get(code).spec.thresholds[0].name
    REG.validate_overrides({code: {name: {"warning": 1}}})
    with pytest.raises(registry.OverrideError, match="unknown check code"):
        REG.validate_overrides({"XXX999": {name: {"warning": 1}}})
    with pytest.raises(registry.OverrideError, match="has no threshold"):
        REG.validate_overrides({code: {"nope": {"warning": 1}}})
    with pytest.raises(registry.OverrideError, match="takes warning or critical"):
        REG.validate_overrides({code: {name: {"warn": 1}}})


def test_override_layers_later_wins_and_records_source():
    code = next(c.code for c in REG if c.spec.thresholds)
    t = REG.get(code).spec.thresholds[0]
    eff = REG.effective_thresholds(code, [
        ("settings", {code: {t.name: {"warning": 1}}}),
        ("instance", {code: {t.name: {"warning": 2}}}),
        ("run", None),
    ])[t.name]
    assert eff.warning == 2 and eff.source == "instance" and eff.critical == t.critical


@pytest.mark.parametrize("text,expected", [
    ("RUN001.used_pct=70/85", {"RUN001": {"used_pct": {"warning": 70.0, "critical": 85.0}}}),
    ("RUN001.used_pct.critical=99", {"RUN001": {"used_pct": {"critical": 99.0}}}),
    ("RUN001.used_pct=none/90", {"RUN001": {"used_pct": {"warning": None, "critical": 90.0}}}),
])
def test_parse_override(text, expected):
    assert registry.parse_override(text) == expected


@pytest.mark.parametrize("text", ["RUN001", "RUN001.used_pct=abc", "RUN001.used_pct.warn=1", "a.b.c.d=1"])
def test_parse_override_rejects(text):
    with pytest.raises(registry.OverrideError):
        registry.parse_override(text)


def test_guard_and_list_thresholds_layer_like_levels():
    from checks.judges import uses
    from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict

    @uses("min_xacts", "excluded")
    def judge(rows, th, ctx):
        return Verdict(outcome="OK")

    spec = CheckSpec(
        code="ERR950", name="guarded", title=T("t"), category="errors", tier="daily",
        engines={"postgresql": EngineSupport(privilege="login")}, columns=("x",),
        thresholds=(Threshold(name="min_xacts", unit="", kind="guard", value=1000, rationale="r"),
                    Threshold(name="excluded", unit="", kind="list", value=("rdsadmin",), rationale="r")),
        judge=judge, messages={"ok": T("ok")}, remediation=RemediationSpec(text=T("x")))
    reg = registry.Registry([registry.Check(spec=spec, folder=REG.get("ERR003").folder)])
    eff = reg.effective_thresholds("ERR950", [("instance", {"ERR950": {"min_xacts": {"value": 50}}}),
                                             ("run", {"ERR950": {"excluded": {"value": "a, b"}}})])
    assert eff["min_xacts"].value == 50 and eff["min_xacts"].source == "instance"
    assert eff["min_xacts"].default_value == 1000 and not eff["min_xacts"].looser_than_default
    assert eff["excluded"].value == ["a", "b"] and eff["excluded"].default_value == ["rdsadmin"]
    assert registry.levels_of(eff)["min_xacts"].value == 50
    with pytest.raises(registry.OverrideError, match="takes value"):
        reg.validate_overrides({"ERR950": {"min_xacts": {"warning": 5}}})
    with pytest.raises(ValueError, match="has a value, not warning"):
        Threshold(name="g", unit="", kind="guard", value=1, warning=2, rationale="r")


def test_sample_codes_are_reserved_and_refused_for_real_checks():
    """The report tests' sample catalog uses check numbers 900-999; a real check may not take one."""
    from reports import sample

    sample_codes = {c[0] for c in sample.CHECKS}
    assert all(int(code[3:]) >= registry.SAMPLE_CODE_FLOOR for code in sample_codes)
    assert not sample_codes & {c.code for c in REG}
    assert all(int(c.code[3:]) < registry.SAMPLE_CODE_FLOOR for c in REG)
    check = next(iter(REG))
    for number in ("900", "901", "999"):
        code = check.code[:3] + number
        spec = check.spec.model_copy(update={"code": code})
        taken = registry.Check(spec=spec, folder=check.folder.parent / f"{code}_{spec.name}", sql=check.sql)
        with pytest.raises(registry.CatalogError, match=f"code {code}: numbers 900-999 are reserved"):
            registry._validate([taken])
    below = check.spec.model_copy(update={"code": check.code[:3] + "899"})
    registry._validate([registry.Check(spec=below, folder=check.folder.parent / f"{below.code}_{below.name}",
                                       sql=check.sql)])


def test_mysql_version_variants_never_serve_mariadb():
    """MariaDB 10.11 sorts above MySQL 8.0.22: a check with mysql@8.0.22.sql and no mariadb.sql would run
    MySQL-only SQL on MariaDB. The registry refuses it, and every MariaDB version a check supports picks
    SQL written for MariaDB (or mysql.sql, when no MySQL variant exists)."""
    check = REG.get("RUN003")
    assert "mariadb" in check.sql and any(v.min_version > (0,) for v in check.sql["mysql"])
    without = registry.Check(spec=check.spec, folder=check.folder,
                             sql={k: v for k, v in check.sql.items() if k != "mariadb"})
    with pytest.raises(registry.CatalogError, match=r"mysql@8\.0\.22\.sql would be picked for mariadb"):
        registry._validate([without])
    for c in REG:
        support = c.spec.support("mariadb")
        if support is None or c.spec.engines.get("mariadb") is None or c.collector_for("mariadb") is not None:
            continue  # (a Python collector of its own serves MariaDB: checks/collect.py)
        for version in (support.version_tuple(), (10, 11, 19), (11, 4, 5), (11, 8, 2)):
            if version < support.version_tuple():
                continue
            variant = c.sql_for("mariadb", version)
            assert variant is not None and (variant.engine == "mariadb" or variant.path.name == "mysql.sql"), \
                f"{c.code}: MariaDB {version} gets {variant and variant.path.name}"
