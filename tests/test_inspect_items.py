"""Inspection items (--skip / --only, settings, inventory, plan) and the tier's default window,
through the real CLI and the real tier flows on the local PostgreSQL and MariaDB.

A disabled check is not run and is listed SKIPPED "not inspected: disabled by <where>", with
skip_reason "disabled"; unknown codes or categories exit 2 before any flow run.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from typer.testing import CliRunner

from checks import registry
from dbpatrol.cli import app
from tests.harness import MON_PASSWORD, MON_USER


def _inventory(tmp_path, pg: dict | None = None, host: dict | None = None, business: dict | None = None) -> str:
    pw = {"env": "DBPATROL_TEST_MON_PW"}
    inv = {"businesses": [{"name": "core", **(business or {}), "hosts": [
        {"name": "local", "address": "127.0.0.1", **(host or {}), "instances": [
            {"name": "pg", "engine": "postgresql", "port": 5432, "database": "test", "user": MON_USER, "password": pw,
             **(pg or {})},
            {"name": "maria", "engine": "mariadb", "port": 3306, "user": MON_USER, "password": pw},
        ]}]}]}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(inv), encoding="utf-8")
    return str(path)


@pytest.fixture
def env(monkeypatch, tmp_path, pg_monitor_user, my_monitor_user):
    monkeypatch.setenv("DBPATROL_TEST_MON_PW", MON_PASSWORD)
    monkeypatch.setenv("DBPATROL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DBPATROL_TIMEZONE", "Asia/Shanghai")
    monkeypatch.delenv("DBPATROL_DISABLED_CHECKS", raising=False)
    return monkeypatch


def inspect(*args) -> dict:
    res = CliRunner().invoke(app, ["inspect", *map(str, args), "--format", "json,html", "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def by_code(report: dict, instance: str) -> dict[str, dict]:
    inst = next(i for i in report["instances"] if i["name"] == instance)
    assert inst["reachable"], inst["cause"]
    codes = [f["code"] for f in inst["findings"]]
    assert len(codes) == len(set(codes)), "a check is listed twice"
    return {f["code"]: f for f in inst["findings"]}


def tier_codes(tier: str, engine: str, category: str | None = None) -> set[str]:
    return {c.code for c in registry.load().select(tier, engine, category)}


# ----- unknown items: exit 2, nothing created --------------------------------------------------

@pytest.mark.parametrize("args,inv_extra,env_value,expected", [
    (["--skip", "RUN999"], {}, None, "--skip: no check has code 'RUN999'"),
    (["--only", "secruity"], {}, None, "--only: 'secruity' is neither a check code"),
    (["--skip", "RUN001,nope"], {}, None, "--skip: 'nope' is neither"),
    (["--only", "objects"], {}, None, "--only objects: selects no check of the daily tier"),
    ([], {"pg": {"disabled_checks": ["RUN001", "RUN998"]}}, None,
     "instances[0](pg).disabled_checks: no check has code 'RUN998'"),
    ([], {"host": {"disabled_checks": ["bakup"]}}, None, "hosts[0](local).disabled_checks: 'bakup' is neither"),
    ([], {"business": {"disabled_checks": ["ZZZ001"]}}, None, "businesses[0](core).disabled_checks: no check has code"),
    ([], {}, "RUN001,SEC999", "DBPATROL_DISABLED_CHECKS): no check has code 'SEC999'"),
])
def test_unknown_items_exit_2_before_any_flow_run(tmp_path, monkeypatch, args, inv_extra, env_value, expected):
    import flows.tiers

    for tier in list(flows.tiers.TIER_FLOWS):
        monkeypatch.setitem(flows.tiers.TIER_FLOWS, tier, lambda **kw: pytest.fail("a flow run was started"))
    if env_value:
        monkeypatch.setenv("DBPATROL_DISABLED_CHECKS", env_value)
    else:
        monkeypatch.delenv("DBPATROL_DISABLED_CHECKS", raising=False)
    inv = _inventory(tmp_path, **inv_extra)
    res = CliRunner().invoke(app, ["inspect", "--inventory", inv, "--out", str(tmp_path / "out"), *args])
    assert res.exit_code == 2, res.output
    assert expected in " ".join(res.output.split()), res.output
    assert "Traceback" not in res.output and not (tmp_path / "out").exists()


# ----- every layer, one run ------------------------------------------------------------------------

def test_settings_inventory_and_run_items_disable_checks(prefect_harness, env, tmp_path):
    """Settings, the inventory's three levels and the run's --skip/--only each disable checks; the
    others still run; a skip beats an only naming the same check; the report lists them."""
    env.setenv("DBPATROL_DISABLED_CHECKS", "RUN010, ERR003")  # ERR003: the run's --only leaves it out too
    inv = _inventory(tmp_path, pg={"disabled_checks": ["RUN003"]}, host={"disabled_checks": ["RUN004"]},
                     business={"disabled_checks": ["backup"]})
    out = tmp_path / "out"
    report = inspect("--inventory", inv, "--instance", "pg", "--instance", "maria", "--tier", "daily", "--out", out,
                     "--only", "running,backup", "--only", "RUN005", "--skip", "RUN005", "--skip", "run006")
    pg = by_code(report, "pg")
    assert set(pg) == tier_codes("daily", "postgresql")  # every check is listed, run or not

    expected = {"RUN010": "settings", "RUN003": "inventory", "RUN004": "inventory", "RUN005": "run", "RUN006": "run"}
    expected |= {c: "inventory" for c in tier_codes("daily", "postgresql", "backup")}  # the business's
    expected |= {c: "run" for c in tier_codes("daily", "postgresql", "errors")}  # not in --only
    expected["ERR003"] = "settings"  # disabled twice: the first layer (settings < inventory < plan < run) is named
    for code, f in pg.items():
        if code in expected:
            assert f["outcome"] == "SKIPPED" and f["skip_reason"] == "disabled", f
            assert f["message"]["en"] == f"not inspected: disabled by {expected[code]}"
            assert f["message"]["zh"].startswith("未巡检：已被") and f["duration_ms"] == 0
        else:  # running checks nobody disabled really ran
            assert f["skip_reason"] != "disabled" and not f["message"]["en"].startswith("not inspected"), f
    ran = set(pg) - set(expected)
    assert ran and ran <= tier_codes("daily", "postgresql", "running")
    assert {f["message"]["zh"] for c, f in pg.items() if expected.get(c) == "settings"} == {"未巡检：已被项目设置停用"}

    # the inventory's items are the pg instance's (and its host's and business's): maria has no RUN003 entry
    maria = by_code(report, "maria")
    assert maria["RUN003"]["skip_reason"] != "disabled"
    assert maria["RUN004"]["message"]["en"] == "not inspected: disabled by inventory"  # same host
    assert maria["RUN005"]["message"]["en"] == "not inspected: disabled by run"

    # the report's not-inspected section names the reason and where it was disabled
    html = next(out.rglob("*.html")).read_text(encoding="utf-8")
    section = html[html.index('id="not-inspected"'):html.index('id="instances"')]
    assert "disabled by settings" in section and "disabled by inventory" in section and "disabled by run" in section
    assert ">disabled<" in section


def test_plan_items_are_flow_parameters_and_disable_checks(prefect_harness, env, tmp_path):
    """A plan's --skip/--only become its deployment's parameters plan_skip/plan_only; a run with
    them (what the worker runs) lists those checks as disabled by the plan, and a run's own skip
    apart from it."""
    from deployments import ops
    from deployments.plan import build_plan
    from flows.tiers import daily

    inv = _inventory(tmp_path)
    plan = build_plan(name="items", tier="daily", schedule="daily at 08:00", instances=["pg"], inventory=inv,
                      skip=["errors", "run001"], only=["running", "errors", "BAK003"], formats=["json"])
    params = plan.flow_parameters()
    assert params["plan_skip"] == ["errors", "RUN001"] and params["plan_only"] == ["running", "errors", "BAK003"]
    assert ops.plan_from_deployment(_deployment(plan)) == plan  # plan show / update read them back

    summary = daily(**params, skip=["RUN002"], out_dir=str(tmp_path / "o"))
    report = json.loads(open(summary["files"]["json"], encoding="utf-8").read())
    pg = by_code(report, "pg")
    assert report["plan"] == "items"
    by_plan = tier_codes("daily", "postgresql", "errors") | {"RUN001"} | (
        tier_codes("daily", "postgresql", "backup") - {"BAK003"})
    for code in by_plan:
        assert pg[code]["message"]["en"] == "not inspected: disabled by plan", pg[code]
    assert pg["RUN002"]["message"]["en"] == "not inspected: disabled by run"
    assert pg["BAK003"]["skip_reason"] != "disabled" and pg["RUN003"]["skip_reason"] != "disabled"


def _deployment(plan):
    from types import SimpleNamespace

    from deployments import ops

    return SimpleNamespace(name=plan.name, tags=["dbpatrol-plan", plan.tier], description=ops._description(plan),
                           parameters=plan.flow_parameters(),
                           schedules=[SimpleNamespace(slug=c.slug, schedule=c.schedule, active=True)
                                      for c in ops._schedule_creates(plan)])


@pytest.mark.parametrize("args,expected", [
    (["--skip", "RUN999"], "--skip: no check has code 'RUN999'"),
    (["--only", "objects"], "--only objects: selects no check of the daily tier"),
])
def test_plan_create_refuses_unknown_items_without_a_server(tmp_path, monkeypatch, args, expected):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # nothing listens there
    inv = _inventory(tmp_path)
    res = CliRunner().invoke(app, ["plan", "create", "x", "--tier", "daily", "--schedule", "daily at 08:00",
                                   "-n", "pg", "-i", inv, *args])
    assert res.exit_code == 2, res.output
    assert expected in " ".join(res.output.split()) and "Traceback" not in res.output


# ----- the tier's default window (issue 7 item 11) ---------------------------------------------------

@pytest.mark.parametrize("tier,days", [("daily", 1), ("weekly", 7), ("monthly", 30)])
def test_inspect_tier_without_a_window_uses_the_tiers_default_length(prefect_harness, env, tmp_path, tier, days):
    from flows.window import DEFAULT_WINDOW_DAYS

    assert DEFAULT_WINDOW_DAYS[tier] == days
    before = dt.datetime.now(dt.timezone.utc)
    report = inspect("--inventory", _inventory(tmp_path), "--instance", "pg", "--tier", tier, "--only", "RUN001",
                     "--out", tmp_path / "o")
    start, end = (dt.datetime.fromisoformat(report[k]) for k in ("window_start", "window_end"))
    assert end - start == dt.timedelta(days=days)
    assert before - dt.timedelta(seconds=5) <= end <= dt.datetime.now(dt.timezone.utc)
    assert report["tier"] == tier
