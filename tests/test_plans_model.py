"""The plan model and its validation, without a server: everything is checked before a client call."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deployments import ops
from deployments.plan import DEFAULT_WINDOW_DAYS, PlanError, build_plan
from deployments.schedule import ScheduleError
from dbpatrol.errors import UserError


@pytest.fixture
def inv(tmp_path) -> str:
    p = tmp_path / "inventory.yaml"
    p.write_text(yaml.safe_dump({"businesses": [
        {"name": "demo", "hosts": [{"name": "localhost", "address": "127.0.0.1", "instances": [
            {"name": "pg-local", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres"},
            {"name": "pg-two", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres"}]}]}]}))
    return str(p)


def good(inv, **kw):
    fields = dict(name="prod-weekly", tier="weekly", schedule="Weekly on WED at 8:00", instances=["pg-local"],
                  window_days=3, inventory=inv)
    fields.update(kw)
    return build_plan(**fields)


def test_a_valid_plan_is_normalised(inv, monkeypatch):
    monkeypatch.setenv("DBPATROL_TIMEZONE", "Asia/Shanghai")
    p = good(inv)
    assert p.schedule == "weekly on wednesday at 08:00" and p.crons == ["0 8 * * 3"]
    assert p.timezone == "Asia/Shanghai"  # the settings' default
    assert p.inventory == str(Path(inv).resolve())
    assert p.flow_parameters() == {"plan": "prod-weekly", "window_days": 3, "formats": ["pdf", "html", "json"],
                                   "lang": "en", "inventory": p.inventory, "instances": ["pg-local"],
                                   "timezone": "Asia/Shanghai"}
    assert p.deployment_name == "dbpatrol-weekly/prod-weekly"


def test_default_window_is_the_tiers(inv):
    for tier, days in DEFAULT_WINDOW_DAYS.items():
        assert good(inv, tier=tier, window_days=None).window_days == days


def test_business_target_is_resolved_at_run_time(inv):
    p = good(inv, instances=None, business="demo")
    params = p.flow_parameters()
    assert params["business"] == "demo" and "instances" not in params
    assert "resolved at run time" in p.target_words()


def test_threshold_overrides_are_validated_against_the_registry(inv):
    from checks import registry

    check = next(c for c in registry.load() if c.spec.thresholds)
    name = check.spec.thresholds[0].name
    p = good(inv, thresholds={check.code: {name: {"warning": 1, "critical": 2}}})
    assert p.flow_parameters()["plan_thresholds"] == {check.code: {name: {"warning": 1, "critical": 2}}}
    with pytest.raises(PlanError, match="no threshold"):
        good(inv, thresholds={check.code: {"nope": {"warning": 1}}})
    with pytest.raises(PlanError, match="unknown check code"):
        good(inv, thresholds={"ZZZ999": {"x": {"warning": 1}}})


@pytest.mark.parametrize("kw,why", [
    ({"tier": "hourly"}, "hourly"),
    ({"name": "Prod Weekly"}, "plan name"),
    ({"name": "-x"}, "plan name"),
    ({"name": "immediate"}, "reserved"),
    ({"schedule": "weekly on someday at 08:00"}, "not a weekday"),
    ({"schedule": "daily at 08:61"}, "not a time of day"),
    ({"schedule": "monthly on 0 at 08:00"}, "day 0"),
    ({"schedule": "monthly on 32 at 08:00"}, "day 32"),
    ({"schedule": "semiannual on 02-30 at 08:00"}, "Feb has no day 30"),
    ({"timezone": "Nowhere/City"}, "unknown timezone"),
    ({"timezone": "posixrules"}, "unknown timezone"),  # zoneinfo knows it, Prefect refuses it
    ({"timezone": "right/UTC"}, "unknown timezone"),
    ({"timezone": "localtime"}, "unknown timezone"),  # the worker's /etc/localtime: not a place (issue 14 item 9)
    ({"timezone": "Factory"}, "unknown timezone"),  # tzdata's placeholder
    ({"window_days": 0.0000001}, "at least a minute"),
    ({"window_days": float("nan")}, "greater than zero"),
    ({"thresholds": {"RUN001": {"used_pct": {"warning": 95, "critical": 90}}}}, "must fire before critical"),
    ({"thresholds": {"RUN001": {"used_pct": {"warning": float("nan")}}}}, "finite"),
    ({"window_days": float("inf")}, "at most"),
    ({"window_days": 1e7}, "at most"),  # every run would fail computing its window
    ({"window_days": 0}, "greater than zero"),
    ({"window_days": -1}, "greater than zero"),
    ({"instances": None}, "empty target"),
    ({"instances": []}, "empty target"),
    ({"instances": ["nope"]}, "unknown instance"),
    ({"instances": None, "business": "nope"}, "unknown business"),
    ({"instances": None, "host": "nope"}, "unknown host"),
    ({"business": "demo"}, "not both"),
    ({"formats": ["docx"]}, "docx"),
    ({"formats": []}, "at least one"),
    ({"lang": "fr"}, "fr"),
])
def test_bad_plans_raise_a_user_error(inv, kw, why):
    with pytest.raises(UserError, match=why):
        good(inv, **kw)


def test_default_timezone_from_settings_is_validated(inv, monkeypatch):
    monkeypatch.setenv("DBPATROL_TIMEZONE", "Mars/Olympus")
    with pytest.raises(UserError, match="unknown timezone 'Mars/Olympus'"):
        build_plan(name="x", tier="daily", schedule="daily at 08:00", instances=["pg-local"], inventory=inv)
    monkeypatch.setenv("DBPATROL_TIMEZONE", "Europe/Berlin")
    assert build_plan(name="x", tier="daily", schedule="daily at 08:00", instances=["pg-local"],
                      inventory=inv).timezone == "Europe/Berlin"


def test_plan_run_at_a_future_time_is_refused_before_any_client_call(monkeypatch):
    import datetime as dt

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # nothing listens there
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    with pytest.raises(PlanError, match="in the future"):
        ops.run_plan("any", scheduled_time=future)


def test_missing_inventory_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot read inventory"):
        good(str(tmp_path / "missing.yaml"))


def test_schedule_errors_are_user_errors():
    assert issubclass(ScheduleError, UserError) and issubclass(PlanError, UserError)


def test_month_end_plans_get_two_slugged_schedules(inv):
    p = good(inv, tier="monthly", schedule="monthly on 30 at 06:00", timezone="Europe/Berlin")
    creates = ops._schedule_creates(p)
    assert [c.slug for c in creates] == ["prod-weekly", "prod-weekly-month-end"]
    assert [c.schedule.cron for c in creates] == ["0 6 30 1,3-12 *", "0 6 L 2 *"]
    assert {c.schedule.timezone for c in creates} == {"Europe/Berlin"} and all(c.parameters == {} for c in creates)


def test_description_round_trips_the_plan(inv):
    """A plan is rebuilt from its deployment: spec from the description, timezone from the schedule."""
    from types import SimpleNamespace

    p = good(inv, tier="semiannual", schedule="semiannual on 08-31 at 02:00", timezone="America/New_York",
             window_days=10, lang="zh-CN", formats=["json", "pdf"])
    dep = SimpleNamespace(name=p.name, tags=["dbpatrol-plan", "semiannual"], description=ops._description(p),
                          parameters=p.flow_parameters(),
                          schedules=[SimpleNamespace(slug=c.slug, schedule=c.schedule, active=True)
                                     for c in ops._schedule_creates(p)])
    again = ops.plan_from_deployment(dep)
    assert again == p


def test_form_schema_offers_inventory_choices(inv):
    schema = ops.form_schema("daily", inv)
    props = schema["properties"]
    assert props["instances"]["type"] == "array" and props["instances"]["items"]["enum"] == ["pg-local", "pg-two"]
    assert props["business"]["type"] == "string" and props["business"]["enum"] == ["demo"]
    assert props["formats"]["items"]["enum"] == ["pdf", "html", "json", "csv", "xlsx"]


def test_the_run_form_shows_what_a_user_sets(inv):
    # Issue 14 item 16: the UI's custom-run form showed the internal parameters and "None" in every box.
    schema = ops.form_schema("weekly", inv)
    props = schema["properties"]
    assert not set(ops.INTERNAL_PARAMETERS) & set(props)
    assert {"instances", "business", "host", "window_days", "formats", "lang", "skip", "only"} <= set(props)
    for name, prop in props.items():
        assert "default" not in prop or prop["default"] is not None, name
        assert all(b.get("type") != "null" for b in prop.get("anyOf", [])), name
    # a plan's own parameters still validate against its deployment's form (enforce_parameter_schema)
    import jsonschema

    from deployments.plan import build_plan

    plan = build_plan(name="p", tier="weekly", schedule="daily at 08:00", instances=["pg-local"], inventory=inv,
                      thresholds={"RUN001": {"used_pct": {"warning": 70, "critical": 90}}}, skip=["RUN007"])
    jsonschema.validate(plan.flow_parameters(), schema)


def test_prefect_yaml_declares_five_unscheduled_base_deployments_and_the_paused_sampler():
    doc = yaml.safe_load((ops.PROJECT_ROOT / "prefect.yaml").read_text())
    deps = doc["deployments"]
    sampler = deps.pop()
    assert sampler["entrypoint"] == "flows/sampler.py:sampler" and sampler["paused"] is True
    assert sampler["schedules"] == [{"interval": 900, "slug": "sampler-interval", "active": True}]
    assert [d["entrypoint"] for d in deps] == [f"flows/tiers.py:{t}" for t in DEFAULT_WINDOW_DAYS]
    for d, tier in zip(deps, DEFAULT_WINDOW_DAYS):
        assert "schedules" in d and d["schedules"] is None  # null, never []
        assert d["parameters"]["window_days"] == DEFAULT_WINDOW_DAYS[tier]  # the yaml cannot drift from the flows
        assert d["work_pool"]["name"] == "dbpatrol" and d["name"] == ops.BASE_DEPLOYMENT
    step = doc["pull"][0]["prefect.deployments.steps.set_working_directory"]
    assert step["directory"] == "{{ $DBPATROL_PROJECT_ROOT }}"
    from deployments.stack import render_prefect_yaml

    assert str(ops.PROJECT_ROOT) in render_prefect_yaml()


def test_cli_bad_input_exits_2_without_a_server(inv, monkeypatch):
    """Validation happens before any client call: with no reachable API it is still exit 2."""
    from typer.testing import CliRunner

    from dbpatrol.cli import app

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    res = CliRunner().invoke(app, ["plan", "create", "x", "--tier", "daily", "--schedule", "daily at 08:00:30",
                                   "-n", "pg-local", "-i", inv])
    assert res.exit_code == 2 and "seconds must be :00" in res.output
    res = CliRunner().invoke(app, ["plan", "create", "x", "--tier", "daily", "-n", "pg-local", "-i", inv])
    assert res.exit_code == 2 and "--schedule is required" in res.output


def test_server_commands_refuse_to_work_on_a_temporary_server(monkeypatch):
    """No PREFECT_API_URL and the local server off (the test harness's DBPATROL_LOCAL_SERVER=off): a
    plan would land on a throwaway ephemeral server no worker sees; `worker` left one listening after
    its traceback and `deploy` reported success into one (issue 14 item 7)."""
    from typer.testing import CliRunner

    from dbpatrol.cli import app
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        for args in (["plan", "list"], ["plan", "create", "x", "--tier", "daily", "--schedule", "daily at 08:00",
                                         "-n", "pg-local"],
                     ["worker"], ["deploy"], ["sampler", "status"], ["sampler", "start"]):
            res = CliRunner().invoke(app, args)
            assert res.exit_code == 2, (args, res.output)
            assert "PREFECT_API_URL" in res.output and "DBPATROL_LOCAL_SERVER" in res.output, res.output


def test_plan_list_times_are_whole_in_80_columns_and_in_a_pipe():
    # Issue 14 item 15: next/last run printed as "2026-1…" in 80 columns or a pipe.
    import datetime as dt
    import io

    from rich.console import Console

    from dbpatrol.cli_plans import plan_table
    from deployments.plan import Plan

    now = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    nxt = now + dt.timedelta(days=1)
    plan = Plan(name="core-banking-prod-weekly-inspection", tier="semiannual", timezone="Asia/Shanghai",
                schedule="weekly on wednesday at 08:00", instances=["pg-main"])
    info = ops.PlanInfo(plan=plan, deployment_id="d", paused=False, crons=["0 8 * * 3"],
                        words="every Wednesday at 08:00 and on the last day of each month at 23:30",
                        next_run=nxt, last_run=ops.RunInfo(id="r", name="brave-otter", state="Completed", scheduled=now))
    buf = io.StringIO()
    Console(file=buf, width=80, force_terminal=False).print(plan_table([info]))
    text = buf.getvalue()
    local = nxt.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert local.strftime("%m-%d %H:%M") in text and "…" not in text, text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_plan_run_wait_says_why_and_where():
    # Issue 14 item 15: `plan run --wait` printed only "Failed".
    import uuid

    from prefect.client.schemas.objects import FlowRun
    from prefect.settings import PREFECT_UI_URL, temporary_settings
    from prefect.states import Failed

    from dbpatrol.cli_plans import _run_failure

    fr = FlowRun(id=uuid.uuid4(), name="brave-otter", flow_id=uuid.uuid4(),
                 state=Failed(message="Flow run encountered an exception: UserError: no instance matches 'pg-nope'"))
    with temporary_settings({PREFECT_UI_URL: "http://127.0.0.1:4200"}):
        lines = _run_failure(fr)
    assert lines == ["cause: Flow run encountered an exception: UserError: no instance matches 'pg-nope'",
                     f"run: http://127.0.0.1:4200/runs/flow-run/{fr.id}"]


# ----- a plans file (`dbpatrol plan import`) ----------------------------------------------------------------


def _plans_file(tmp_path, data) -> Path:
    f = tmp_path / "plans.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True))
    return f


def test_plans_file_defaults_relative_inventory_and_cli_spellings(inv, tmp_path):
    from deployments.plan import load_plans_file

    rel = Path(inv).name  # the file sits beside the inventory: a relative path is the file's directory's
    f = _plans_file(tmp_path, {"defaults": {"tier": "weekly", "timezone": "Europe/Berlin", "inventory": rel},
                               "plans": [
        {"name": "a", "schedule": "weekly on monday at 07:00", "instances": "pg-local"},
        {"name": "b", "schedule": "monthly on 30 at 06:00", "tier": "monthly", "business": "demo",
         "thresholds": ["RUN001.used_pct=80/90"], "skip": "RUN007, security", "formats": "json,pdf"},
    ]})
    a, b = load_plans_file(f)
    assert (a.tier, a.timezone, a.instances, a.crons) == ("weekly", "Europe/Berlin", ["pg-local"], ["0 7 * * 1"])
    assert a.inventory == b.inventory == str(Path(inv).resolve())
    assert b.tier == "monthly" and len(b.crons) == 2 and b.business == "demo"
    assert b.thresholds == {"RUN001": {"used_pct": {"warning": 80, "critical": 90}}}
    assert "RUN007" in b.skip and b.formats == ["json", "pdf"]


def test_plans_file_one_bad_plan_fails_the_whole_file_naming_each(inv, tmp_path):
    from deployments.plan import load_plans_file

    ok = {"tier": "daily", "schedule": "daily at 08:00", "instances": ["pg-local"], "inventory": inv}
    f = _plans_file(tmp_path, {"plans": [{"name": "fine", **ok}, {"name": "bad-day", **ok, "schedule": "monthly on 32 at 08:00"},
                                         {"name": "fine", **ok}, {"name": "typo", **ok, "windowdays": 3},
                                         {"name": "who", **ok, "instances": ["nope"]}, "not-a-mapping"]})
    with pytest.raises(PlanError) as e:
        load_plans_file(f)
    msg = str(e.value)
    assert "5 of 6 plan(s) are not valid; none was created" in msg
    assert "plans[1] (bad-day)" in msg and "32" in msg
    assert "plans[2] (fine)" in msg and "plans[0]" in msg  # the same name twice
    assert "plans[3] (typo): unknown field(s) windowdays" in msg
    assert "plans[4] (who)" in msg and "nope" in msg
    assert "plans[5]: a plan is a mapping" in msg


@pytest.mark.parametrize("text, why", [
    ("plans: [\n  {name: a\n", "not valid YAML"),
    ("plans: []\n", "no plans"),
    ("{plan: []}\n", "unknown top-level key"),
    ("defaults: [1]\nplans: [{name: a}]\n", "`defaults:` must be a mapping"),
])
def test_plans_file_bad_shape(tmp_path, text, why):
    from deployments.plan import load_plans_file

    f = tmp_path / "plans.yaml"
    f.write_text(text)
    with pytest.raises(PlanError, match=why):
        load_plans_file(f)
    with pytest.raises(PlanError, match="cannot read"):
        load_plans_file(tmp_path / "missing.yaml")
