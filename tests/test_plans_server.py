"""Plans against a REAL Prefect server (on the local PostgreSQL) and real process workers.

The session fixture ``prefect_stack`` (tests/prefect_server.py, shared with other modules) starts
`prefect server start` on a free loopback port with a throwaway PREFECT_HOME and a fresh database
`dbpatrol_prefect_<random>`, and `prefect worker start --pool dbpatrol`; it stops both by PID and
drops the database at teardown. The tests run in file order
and share one plan (`life`), so the module takes about three minutes, most of it waiting for the
minute boundaries the every-minute cron fires on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from pathlib import Path

import pytest

from deployments import ops, stack
from deployments.schedule import next_fire_times, parse
from tests.prefect_server import Stack, wait_for

pytestmark = [pytest.mark.server, pytest.mark.timeout(420)]

UTC = dt.timezone.utc
PLAN = "life"
STALE_POOL = "dbpatrol-stale-test"


@pytest.fixture(autouse=True, scope="module")
def _client_on_the_test_server(prefect_stack):
    """This module's in-process clients (API and CliRunner) talk to the test server; other
    modules keep their own Prefect settings."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: prefect_stack.api}):
        yield


# ----- helpers -----------------------------------------------------------------------------------------


def _run(coro):
    return asyncio.run(coro)


async def _runs(dep_id, **flt):
    from prefect import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId, FlowRunFilter
    from prefect.client.schemas.sorting import FlowRunSort

    async with get_client() as c:
        return await c.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[dep_id])),
            flow_run_filter=FlowRunFilter(**flt) if flt else None,
            sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=200)


def scheduled_runs(dep_id):
    from prefect.client.schemas.filters import FlowRunFilterState, FlowRunFilterStateType
    from prefect.client.schemas.objects import StateType

    return _run(_runs(dep_id, state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))))


def report_for(s: Stack, run_id) -> dict | None:
    for f in s.dbpatrol_home.rglob("*.json"):
        doc = json.loads(f.read_text())
        if doc.get("flow_run_id") == str(run_id):
            return doc | {"_path": str(f)}
    return None


def _utc(t) -> dt.datetime:
    return dt.datetime.fromtimestamp(t.timestamp(), UTC)


def plan_names() -> list[str]:
    return sorted(i.plan.name for i in ops.list_plans())


def _worker_log(s: Stack) -> str:
    return "\n".join(p.read_text()[-3000:] for p in s.logs.values() if p.exists())


# ----- the lifecycle of one plan --------------------------------------------------------------------


def test_base_deployments_register(prefect_stack):
    from prefect import get_client

    names = stack.deploy_base(env=prefect_stack.env())
    assert len(names) == 5

    async def read():
        async with get_client() as c:
            return await c.read_deployment_by_name("dbpatrol-weekly/immediate")

    dep = _run(read())
    assert dep.schedules == [] and dep.work_pool_name == "dbpatrol" and not dep.paused
    assert dep.pull_steps == [{"prefect.deployments.steps.set_working_directory": {"directory": str(ops.PROJECT_ROOT)}}]
    props = dep.parameter_openapi_schema["properties"]
    assert props["formats"]["items"]["enum"] == ["pdf", "html", "json", "csv", "xlsx"]
    assert props["lang"]["enum"] == ["en", "zh-CN"]
    assert dep.parameters["window_days"] == 7

    async def read_sampler():
        async with get_client() as c:
            return await c.read_deployment_by_name("dbpatrol-sampler/sampler")

    sampler_dep = _run(read_sampler())  # registered, but paused until `dbpatrol sampler start`
    assert sampler_dep.paused and [sch.slug for sch in sampler_dep.schedules] == ["sampler-interval"]
    assert sampler_dep.schedules[0].schedule.interval == dt.timedelta(minutes=15)


def test_stale_plan_created_on_a_pool_without_worker(prefect_stack):
    """Created first so that two of its every-minute runs are overdue by the end of the module."""
    info = _run(ops.acreate_plan(name="stale", tier="daily", schedule='cron "* * * * *"', instances=["pg-local"],
                                 window_days=1, formats=["json"], inventory=str(prefect_stack.inventory),
                                 work_pool=STALE_POOL))
    assert info.plan.name == "stale"


def test_scheduled_run_reads_the_window_ending_at_its_scheduled_time(prefect_stack):
    s = prefect_stack
    info = ops.create_plan(name=PLAN, tier="daily", schedule='cron "* * * * *"', timezone="Europe/Berlin",
                           instances=["pg-local"], window_days=2, formats=["json"], lang="en",
                           thresholds={"RUN001": {"used_pct": {"warning": 70, "critical": 90}}} if _has_run001() else {},
                           inventory=str(s.inventory))
    assert info.paused is False and info.crons == ["* * * * *"]
    dep_id = info.deployment_id
    assert wait_for(lambda: scheduled_runs(dep_id), 15, what="the first scheduled runs")

    def completed():
        return [r for r in _run(_runs(dep_id)) if r.state and r.state.is_final()] or None

    runs = wait_for(completed, 150, 2, what="a scheduled run to finish")
    run = runs[0]
    assert run.state.is_completed() and run.state.name == "Completed", (run.state, _worker_log(s))
    assert run.auto_scheduled
    report = wait_for(lambda: report_for(s, run.id), 10, what="the run's JSON report")
    end = dt.datetime.fromisoformat(report["window_end"])
    start = dt.datetime.fromisoformat(report["window_start"])
    assert end == _utc(run.expected_start_time)  # exactly the cron's time, not when it started
    assert end.second == 0 and end.microsecond == 0
    assert end - start == dt.timedelta(days=2)
    assert report["plan"] == PLAN and Path(report["_path"]).exists()
    assert run.parameters["instances"] == ["pg-local"] and run.parameters["plan"] == PLAN
    assert run.parameters["inventory"] == str(s.inventory.resolve())

    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    async def artifacts():
        async with get_client() as c:
            return await c.read_artifacts(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))

    keys = {a.key for a in _run(artifacts())}
    assert f"dbpatrol-{PLAN}-summary" in keys


def _has_run001() -> bool:
    from checks import registry

    try:
        return "used_pct" in {t.name for t in registry.load().get("RUN001").spec.thresholds}
    except Exception:  # noqa: BLE001
        return False


def test_list_and_show(prefect_stack):
    from typer.testing import CliRunner

    from dbpatrol.cli import app

    res = CliRunner().invoke(app, ["plan", "list", "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    row = rows[PLAN]
    assert row["tier"] == "daily" and row["timezone"] == "Europe/Berlin" and row["paused"] is False
    assert row["schedule_words"] == "cron * * * * *" and row["next_run"]
    assert row["last_run"]["state"] in ("Completed", "Running", "Pending", "Scheduled", "Late")
    res = CliRunner().invoke(app, ["plan", "show", PLAN, "--json"])
    assert res.exit_code == 0, res.output
    shown = json.loads(res.stdout)
    assert shown["upcoming"] and shown["recent"] and shown["target"]["instances"] == ["pg-local"]


async def _deployment(dep_id):
    from prefect import get_client

    async with get_client() as c:
        return await c.read_deployment(dep_id)


async def _manual_run_later(dep_id, minutes: int = 30):
    """A run asked for by hand (not auto-scheduled) that waits, as `plan run` does with no worker."""
    from prefect import get_client
    from prefect.states import Scheduled

    async with get_client() as c:
        fr = await c.create_flow_run_from_deployment(
            dep_id, state=Scheduled(scheduled_time=dt.datetime.now(UTC) + dt.timedelta(minutes=minutes)))
        return fr.id


def test_pause_removes_scheduled_runs_and_creates_none(prefect_stack):
    manual = _run(_manual_run_later(ops.show_plan(PLAN).deployment_id))
    info = ops.pause_plan(PLAN)
    assert manual not in {r.id for r in _run(_runs(info.deployment_id))}  # it would run while paused
    # … and not silently (issue 14 item 15): pause names what it removed, the manual run among them
    assert str(manual) in {r.id for r in info.removed} and info.removed_manual == 1
    # the Prefect UI's list shows tags, not the paused state (issue 14 item 16)
    tags = _run(_deployment(info.deployment_id)).tags
    assert "paused" in tags and any(t.startswith("schedule: ") for t in tags), tags
    assert info.paused and info.next_run is None
    dep_id = info.deployment_id
    wait_for(lambda: not scheduled_runs(dep_id), 45, what="scheduled runs to be removed")  # a loaded CI machine
    before = {r.id for r in _run(_runs(dep_id))}
    time.sleep(6)  # three scheduler loops
    after = {r.id for r in _run(_runs(dep_id))}
    assert not scheduled_runs(dep_id) and after == before
    assert next(i for i in ops.list_plans() if i.plan.name == PLAN).paused


def test_resume_runs_again(prefect_stack):
    s = prefect_stack
    paused_at = dt.datetime.now(UTC)
    info = ops.resume_plan(PLAN)
    assert "paused" not in _run(_deployment(info.deployment_id)).tags
    assert not info.paused and info.next_run is not None
    dep_id = info.deployment_id
    wait_for(lambda: scheduled_runs(dep_id), 15, what="scheduled runs after resume")

    def new_completed():
        return [r for r in _run(_runs(dep_id)) if r.state and r.state.is_final()
                and _utc(r.expected_start_time) > paused_at and _utc(r.created) > paused_at] or None

    run = wait_for(new_completed, 100, 2, what="a run after resume")[0]
    assert run.state.is_completed(), (run.state, _worker_log(s))


def test_plan_run_now_with_the_same_parameters(prefect_stack):
    s = prefect_stack
    fr = ops.run_plan(PLAN, wait=True, timeout=90)
    assert fr.state.is_completed() and fr.state.name == "Completed", fr.state
    assert not fr.auto_scheduled and fr.parameters["instances"] == ["pg-local"]
    report = wait_for(lambda: report_for(s, fr.id), 10, what="the report of `plan run`")
    assert report["plan"] == PLAN


def test_update_changes_cron_and_next_run_and_keeps_identity(prefect_stack):
    before = ops.show_plan(PLAN)
    info = ops.update_plan(PLAN, schedule="weekly on wednesday at 08:00", timezone="Asia/Shanghai", window_days=3)
    assert info.deployment_id == before.deployment_id
    assert info.crons == ["0 8 * * 3"] and info.plan.timezone == "Asia/Shanghai"
    assert info.plan.window_days == 3 and info.plan.instances == ["pg-local"]  # kept
    expected = next_fire_times(parse("weekly on wednesday at 08:00").crons(), "Asia/Shanghai", 3)
    assert info.next_run == expected[0]
    assert info.next_run.astimezone(UTC).strftime("%a %H:%M") == "Wed 00:00"

    def rescheduled():
        runs = scheduled_runs(info.deployment_id)
        return runs if runs and all(_utc(r.expected_start_time) in expected or
                                    _utc(r.expected_start_time) > expected[-1] for r in runs) else None

    runs = wait_for(rescheduled, 20, what="runs on the new cron")
    assert _utc(runs[0].expected_start_time) == expected[0]
    assert runs[0].parameters["window_days"] == 3
    shown = ops.show_plan(PLAN)
    assert shown.next_run == expected[0] and shown.plan.schedule == "weekly on wednesday at 08:00"
    # a clamped month-end day becomes two slugged schedules on the same deployment, and back
    two = ops.update_plan(PLAN, schedule="monthly on 30 at 06:00")
    assert two.deployment_id == before.deployment_id and two.crons == ["0 6 30 1,3-12 *", "0 6 L 2 *"]
    one = ops.update_plan(PLAN, schedule="monthly on last at 06:00")
    assert one.crons == ["0 6 L * *"]


def test_delete_removes_plan_and_future_runs(prefect_stack):
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    info = ops.show_plan(PLAN)
    future = [r.id for r in wait_for(lambda: scheduled_runs(info.deployment_id), 15, what="runs")]
    ops.delete_plan(PLAN)

    async def gone():
        async with get_client() as c:
            with pytest.raises(ObjectNotFound):
                await c.read_deployment(info.deployment_id)
            for rid in future:
                with pytest.raises(ObjectNotFound):
                    await c.read_flow_run(rid)

    _run(gone())
    assert PLAN not in plan_names()


# ----- bad input: exit 2, nothing created ----------------------------------------------------------------


def _bad_cases(inv: str) -> list[tuple[list[str], str]]:
    base = ["--tier", "daily", "--schedule", "daily at 08:00", "-i", inv]
    tgt = ["-n", "pg-local"]
    return [
        (["bad-tier", "--tier", "hourly", "--schedule", "daily at 08:00", "-i", inv, *tgt], "hourly"),
        (["bad-weekday", "--tier", "weekly", "--schedule", "weekly on funday at 08:00", "-i", inv, *tgt], "weekday"),
        (["bad-time", "--tier", "daily", "--schedule", "daily at 25:00", "-i", inv, *tgt], "time of day"),
        (["bad-seconds", "--tier", "daily", "--schedule", "daily at 08:00:15", "-i", inv, *tgt], "seconds"),
        (["bad-day0", "--tier", "monthly", "--schedule", "monthly on 0 at 08:00", "-i", inv, *tgt], "day 0"),
        (["bad-day32", "--tier", "monthly", "--schedule", "monthly on 32 at 08:00", "-i", inv, *tgt], "day 32"),
        (["bad-semi", "--tier", "semiannual", "--schedule", "semiannual on 02-30 at 08:00", "-i", inv, *tgt], "02-30"),
        (["bad-window", *base, *tgt, "--window-days", "0"], "window_days"),
        (["bad-window-neg", *base, *tgt, "--window-days", "-3"], "window_days"),
        (["bad-instance", *base, "-n", "nope"], "unknown instance"),
        (["bad-business", *base, "-b", "nope"], "unknown business"),
        (["bad-host", *base, "--host", "nope"], "unknown host"),
        (["bad-tz", *base, *tgt, "--timezone", "Mars/Olympus"], "unknown timezone"),
        (["bad-tz-prefect", *base, *tgt, "--timezone", "posixrules"], "unknown timezone"),
        (["bad-window-inf", *base, *tgt, "--window-days", "inf"], "window_days"),
        (["bad-target", *base], "empty target"),
        (["bad-threshold", *base, *tgt, "--threshold", "NOPE999.x=1/2"], "NOPE999"),
        (["bad-threshold-name", *base, *tgt, "--threshold", "RUN001.no_such_threshold=1/2"], "no_such_threshold"),
        (["bad-format", *base, *tgt, "--format", "docx"], "docx"),
        (["Bad_Name", *base, *tgt], "plan name"),
        (["immediate", *base, *tgt], "reserved"),
    ]


def test_bad_input_exits_2_and_creates_nothing(prefect_stack):
    from typer.testing import CliRunner

    from dbpatrol.cli import app

    before = plan_names()
    runner = CliRunner()
    for args, why in _bad_cases(str(prefect_stack.inventory)):
        res = runner.invoke(app, ["plan", "create", *args])
        assert res.exit_code == 2, (args, res.output)
        assert why.lower() in res.output.lower(), (args, why, res.output)
        assert "Traceback" not in res.output
    assert plan_names() == before


def test_duplicate_name_exits_2_and_keeps_the_original(prefect_stack):
    from typer.testing import CliRunner

    from dbpatrol.cli import app

    inv = str(prefect_stack.inventory)
    runner = CliRunner()
    ok = runner.invoke(app, ["plan", "create", "dup", "--tier", "weekly", "--schedule", "weekly on monday at 07:00",
                             "-b", "demo", "-i", inv])
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(app, ["plan", "create", "dup", "--tier", "daily", "--schedule", "daily at 09:00",
                                "-n", "pg-other", "-i", inv])
    assert again.exit_code == 2 and "already exists" in again.output
    shown = ops.show_plan("dup")
    assert shown.plan.tier == "weekly" and shown.plan.business == "demo" and shown.crons == ["0 7 * * 1"]
    assert plan_names().count("dup") == 1
    # bad updates: exit 2 and the plan is unchanged
    for args in (["--schedule", "monthly on 32 at 08:00"], ["--tier", "daily"], ["-n", "nope"], ["--window-days", "0"]):
        res = runner.invoke(app, ["plan", "update", "dup", *args])
        assert res.exit_code == 2, (args, res.output)
    assert ops.show_plan("dup").crons == ["0 7 * * 1"]
    for cmd in (["pause", "nope"], ["resume", "nope"], ["delete", "nope"], ["show", "nope"], ["run", "nope"]):
        assert runner.invoke(app, ["plan", *cmd]).exit_code == 2
    assert runner.invoke(app, ["plan", "delete", "dup"]).exit_code == 0
    assert "dup" not in plan_names()


def test_plan_import_creates_all_or_none(prefect_stack, tmp_path):
    """`plan import FILE`: one bad plan in the file, or one name already taken: exit 2 and nothing is
    created; a good file creates every plan, as `plan create` would (crons, target, next run)."""
    import yaml
    from typer.testing import CliRunner

    from dbpatrol.cli import app

    inv = str(prefect_stack.inventory)
    runner = CliRunner()
    good = {"defaults": {"tier": "weekly", "inventory": inv, "timezone": "Asia/Shanghai"}, "plans": [
        {"name": "imp-a", "schedule": "weekly on monday at 07:00", "instances": ["pg-local"]},
        {"name": "imp-b", "schedule": "monthly on 30 at 06:00", "tier": "monthly", "business": "demo"},
        {"name": "imp-c", "schedule": "daily at 09:15", "tier": "daily", "host": "otherhost", "window_days": 2},
    ]}
    bad = {**good, "plans": [*good["plans"], {"name": "imp-d", "schedule": "daily at 25:00", "tier": "daily",
                                             "instances": ["pg-local"]}]}
    f = tmp_path / "plans.yaml"
    before = plan_names()
    f.write_text(yaml.safe_dump(bad))
    res = runner.invoke(app, ["plan", "import", str(f)])
    assert res.exit_code == 2 and "plans[3] (imp-d)" in res.output and "none was created" in res.output, res.output
    assert plan_names() == before
    f.write_text(yaml.safe_dump(good))
    res = runner.invoke(app, ["plan", "import", str(f), "--json"])
    assert res.exit_code == 0, res.output
    created = {d["name"]: d for d in json.loads(res.stdout)}
    listed = {i.plan.name: i for i in ops.list_plans() if i.plan.name.startswith("imp-")}
    assert sorted(listed) == sorted(created) == ["imp-a", "imp-b", "imp-c"]
    for name, info in listed.items():  # what import printed is what the server holds
        assert created[name]["deployment_id"] == info.deployment_id and created[name]["cron"] == info.crons
        assert created[name]["next_run"] == info.next_run.isoformat()
    assert listed["imp-b"].crons == ["0 6 30 1,3-12 *", "0 6 L 2 *"] and listed["imp-b"].plan.business == "demo"
    assert listed["imp-c"].plan.host == "otherhost" and listed["imp-c"].plan.window_days == 2
    # the same file again: every name is taken, exit 2, nothing changes
    res = runner.invoke(app, ["plan", "import", str(f)])
    assert res.exit_code == 2 and "3 plans named imp-a, imp-b, imp-c already exist" in res.output, res.output
    assert sorted(n for n in plan_names() if n.startswith("imp-")) == ["imp-a", "imp-b", "imp-c"]
    for name in listed:
        ops.delete_plan(name)


# ----- stale runs after an outage ------------------------------------------------------------------------


def test_missed_runs_are_skipped_and_the_newest_runs(prefect_stack):
    """The `stale` plan's pool had no worker since the start of the module: once two of its
    every-minute runs are overdue, start a worker. Only the newest due run inspects; the older
    ones end Completed/"Skipped" with a message naming the run that covers them."""
    s = prefect_stack
    info = next(i for i in ops.list_plans() if i.plan.name == "stale")
    dep_id = info.deployment_id

    def due():
        now = dt.datetime.now(UTC)
        return [r for r in _run(_runs(dep_id)) if _utc(r.expected_start_time) <= now - dt.timedelta(seconds=2)]

    overdue = wait_for(lambda: (lambda d: d if len(d) >= 2 else None)(due()), 130, 2, what="two overdue runs")
    ids = [r.id for r in overdue]  # the backlog; the next run is ~a minute away
    s.start_worker("worker-stale", STALE_POOL)

    def settled():
        # The backlog, plus any later run that fell due meanwhile (a slow machine can take past the
        # next minute): once every due run is final, the newest due one inspects, the rest skip.
        now = dt.datetime.now(UTC)
        runs = [r for r in _run(_runs(dep_id)) if r.id in ids or _utc(r.expected_start_time) <= now]
        return runs if all(r.state and r.state.is_final() for r in runs) else None

    runs = wait_for(settled, 150, 2, what="the backlog to finish")
    runs.sort(key=lambda r: r.expected_start_time)
    assert set(ids) <= {r.id for r in runs}
    *older, newest = runs
    assert newest.state.name == "Completed", (newest.state, _worker_log(s))
    assert report_for(s, newest.id) is not None
    # the backlog's older runs were overdue together when the worker came: they cover nothing new
    backlog = [r for r in older if r.id in ids]
    assert backlog, "the test needs at least one older overdue run"
    for r in backlog:
        assert r.state.is_completed() and r.state.name == "Skipped", r.state
        assert "Skipped" in (r.state.message or "") and report_for(s, r.id) is None
    # a run that fell due later, while the machine worked off the backlog, is skipped only when a
    # still later run was already due as it started; otherwise it inspects
    for r in (r for r in older if r.id not in ids):
        assert r.state.is_completed(), r.state
        assert (r.state.name == "Skipped") == (report_for(s, r.id) is None), r.state
    ops.delete_plan("stale")


# ----- the sampler (issue 8) ----------------------------------------------------------------------------


def test_sampler_start_samples_on_the_worker_status_and_stop(prefect_stack):
    """`sampler start` makes the prefect.yaml deployment run on an interval; a run on the worker stores
    a snapshot of every inventory instance; `stop` pauses it and its scheduled runs go."""
    from prefect.deployments import run_deployment
    from typer.testing import CliRunner

    from dbpatrol import snapshots
    from dbpatrol.cli import app

    s = prefect_stack
    res = CliRunner().invoke(app, ["sampler", "start", "--every", "0s"])
    assert res.exit_code == 2 and "--every" in res.output  # bad input: nothing changes
    res = CliRunner().invoke(app, ["sampler", "start", "--every", "1m", "-i", str(s.inventory), "--json"])
    assert res.exit_code == 0, res.output
    info = json.loads(res.output)
    assert info["running"] and info["every_s"] == 60 and info["parameters"]["inventory"] == str(s.inventory)
    wait_for(lambda: scheduled_runs(info["deployment_id"]), 15, what="the sampler's scheduled runs")

    before = dt.datetime.now(UTC).replace(tzinfo=None)
    fr = run_deployment("dbpatrol-sampler/sampler", timeout=120)
    assert fr.state.is_completed(), (fr.state, _worker_log(s))
    stored = snapshots.latest(f"sqlite:///{s.dbpatrol_home / 'store.db'}")
    for name in ("pg-local", "pg-other"):
        assert stored[name]["last_ok_flag"] and stored[name]["last_origin"] == "sampler", stored
        assert stored[name]["last_attempt"] >= before - dt.timedelta(seconds=5)

    res = CliRunner().invoke(app, ["sampler", "stop", "--json"])
    assert res.exit_code == 0 and not json.loads(res.output)["running"], res.output
    wait_for(lambda: not scheduled_runs(info["deployment_id"]), 15, what="the sampler's runs to be removed")
    res = CliRunner().invoke(app, ["sampler", "status", "--json"])
    doc = json.loads(res.output)
    assert res.exit_code == 0 and doc["sampler"]["running"] is False and doc["sampler"]["every_s"] == 60
