"""Notifications and crashed runs against the session's REAL Prefect server (tests/prefect_server.py).

Receivers are real and on loopback: an HTTP webhook receiver (http.server, in a thread) and an SMTP
server (aiosmtpd), both started here. The rules are added with the real CLI; inspections are real
flow runs (in this process, reporting to the test server) of the local PostgreSQL and of an instance
on a closed port; the server's automations deliver. Prefect evaluates automations asynchronously,
server-side: every wait polls with a deadline.

Crashed runs (issue 14): the automation `dbpatrol deploy` creates is installed here with the
shortest window Prefect allows (10 s) instead of three heartbeats. A run of the plan is set Running
and sends one heartbeat, built by Prefect's own flow engine (FlowRunEngine's heartbeat template),
then nothing, as a SIGKILLed worker's run would; the server marks it Crashed, the run-failed rule
tells the webhook, and the plan's next run reports the window it left uninspected. Not exercised
here: the SIGKILL itself (a real heartbeat interval is at least 30 s, and the window three of them:
beyond this module's time budget).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from uuid import UUID

import pytest
import yaml

from deployments import notify, ops, stack
from tests.prefect_server import wait_for

pytestmark = [pytest.mark.server, pytest.mark.timeout(240)]

PLAN = "nt-plan"
POOL = "dbpatrol-notify-test"  # no worker: the plan's runs are run here, in this process
CANARY = "Pw-notify-canary-7f3a"
TOKEN = "hooktoken-canary-19ce"
REPORT_BASE = "http://reports.example.test:8765"
CRASHED_AFTER = 10  # Prefect's minimum `within` for a proactive trigger


# ----- receivers --------------------------------------------------------------------------------


class Webhook:
    def __init__(self):
        self.posts: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                owner.posts.append({"path": self.path, "json": json.loads(body or b"{}")})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Smtp:
    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        owner = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                owner.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
                return "250 OK"

        self.port = stack.free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def url(self) -> str:
        return f"mailto://127.0.0.1:{self.port}?from=dbpatrol@example.test&to=dba@example.test&mode=insecure"

    def bodies(self) -> list[tuple[str, str]]:
        return [(str(m["Subject"]), m.get_body(preferencelist=("plain",)).get_content()) for m in self.messages]

    def stop(self):
        self.controller.stop()


def cli(*args: str):
    from typer.testing import CliRunner

    from dbpatrol.cli import app

    return CliRunner().invoke(app, list(args))


# ----- the module's world -------------------------------------------------------------------------


class World:
    pass


@pytest.fixture(scope="module")
def world(prefect_stack, tmp_path_factory, monkeypatch_module):
    """Receivers, an inventory (the local PostgreSQL, and pg-down on a closed port; passwords by
    reference to a canary), plan nt-plan (zh-CN) on a pool without worker, the crashed-run
    automation, the run-failed rule, and the zombie: a plan run set Running that sent one heartbeat and
    then nothing."""
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    w = World()
    w.s = prefect_stack
    tmp = tmp_path_factory.mktemp("notify")
    w.inventory = tmp / "inventory.yaml"
    w.inventory.write_text(yaml.safe_dump({"businesses": [{"name": "core", "hosts": [
        {"name": "localhost", "address": "127.0.0.1", "instances": [
            {"name": "pg-up", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres",
             "password": {"env": "NT_PW"}},
            {"name": "pg-down", "engine": "postgresql", "port": stack.free_port(), "database": "test",
             "user": "postgres", "password": {"env": "NT_PW"}}]}]}]}))
    monkeypatch_module.setenv("NT_PW", CANARY)
    monkeypatch_module.setenv("DBPATROL_REPORT_URL", REPORT_BASE)
    w.hook, w.smtp = Webhook(), Smtp()
    with temporary_settings(updates={PREFECT_API_URL: w.s.api}):
        try:
            w.plan = ops.create_plan(name=PLAN, tier="daily", schedule='cron "0 0 1 1 *"', instances=["pg-down"],
                                     window_days=1, formats=["json"], lang="zh-CN", inventory=str(w.inventory),
                                     work_pool=POOL)
            w.how, w.crashed_id = asyncio.run(notify.aensure_crashed_runs_automation(CRASHED_AFTER))
            # the run-failed rule must exist before the zombie is marked Crashed (~10 s from now), so it
            # is added here, through the same function `notify add` calls; the CLI adds the others
            notify.add_rule("failed-runs", "run-failed", w.hook.url("/failed"), PLAN)
            t0 = time.monotonic()
            w.zombie = _zombie(w.plan.deployment_id)
            print(f"plan + automation + zombie: {time.monotonic() - t0:.1f} s")
            w.zombie_at = time.monotonic()
            yield w
        finally:
            t1 = time.monotonic()
            w.hook.stop()
            w.smtp.stop()
            print(f"receivers stopped: {time.monotonic() - t1:.1f} s")

            async def cleanup():
                async with get_client() as c:
                    for a in await c.read_automations():
                        if a.name.startswith(notify.PREFIX) or a.name == notify.CRASHED_RUNS:
                            await c.delete_automation(a.id)
            asyncio.run(cleanup())
            print(f"automations deleted: {time.monotonic() - t1:.1f} s")
            ops.delete_plan(PLAN)
            print(f"plan deleted: {time.monotonic() - t1:.1f} s")


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _zombie(deployment_id):
    """A run of the plan that a worker started (Running) and that sent one heartbeat — Prefect's own
    heartbeat event, from FlowRunEngine's template — before its process was killed."""
    from prefect import get_client
    from prefect.events import emit_event
    from prefect.events.worker import EventsWorker
    from prefect.flow_engine import FlowRunEngine
    from prefect.states import Running

    from flows.tiers import daily

    async def running():
        async with get_client() as c:
            fr = await c.create_flow_run_from_deployment(UUID(str(deployment_id)))
            await c.set_flow_run_state(fr.id, Running(), force=True)
            return await c.read_flow_run(fr.id)

    fr = asyncio.run(running())
    resource, related = FlowRunEngine(flow=daily, flow_run=fr)._build_heartbeat_event_template()
    emit_event(event="prefect.flow-run.heartbeat", resource=resource, related=related)
    EventsWorker.drain_all(timeout=10)
    return fr


def _read(coro_fn):
    from prefect import get_client

    async def go():
        async with get_client() as c:
            return await coro_fn(c)
    return asyncio.run(go())


@pytest.fixture(autouse=True)
def _on_the_test_server(world):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: world.s.api}):
        yield


# ----- tests (in file order: they share the rules and the receivers) ------------------------------


def _counts():
    automations = _read(lambda c: c.read_automations())
    blocks = _read(lambda c: c.read_block_documents())
    return len(automations), len(blocks)


def test_bad_input_exits_2_and_creates_nothing(world):
    before = _counts()
    cases = [
        (["notify", "add", "Bad Name", "--on", "critical", "--to", world.hook.url("/x")], "notification name"),
        (["notify", "add", "n1", "--on", "sometimes", "--to", world.hook.url("/x")], "--on 'sometimes'"),
        (["notify", "add", "n1", "--on", "score-below=101", "--to", world.hook.url("/x")], "1 to 100"),
        (["notify", "add", "n1", "--on", "score-below=abc", "--to", world.hook.url("/x")], "score-below=N"),
        (["notify", "add", "n1", "--on", "critical", "--to", "nosuch://x/" + TOKEN], "not a URL apprise"),
        (["notify", "add", "n1", "--on", "critical", "--to", "no-such-block"], "no block of that name"),
        (["notify", "add", "n1", "--on", "critical", "--to", world.hook.url("/x"), "--plan", "no-such-plan"],
         "no such plan"),
        (["notify", "remove", "no-such-rule"], "no notification"),
    ]
    for args, why in cases:
        res = cli(*args)
        assert res.exit_code == 2, (args, res.output)
        assert why in res.output, (args, res.output)
        assert TOKEN not in res.output
    assert _counts() == before


def test_add_and_list_mask_the_target(world):
    res = cli("notify", "add", "crit-hook", "--on", "critical", "--plan", PLAN, "--to", world.hook.url(f"/crit?token={TOKEN}"))
    assert res.exit_code == 0, res.output
    assert TOKEN not in res.output and f"http://127.0.0.1:{world.hook.port}/…" in res.output
    res = cli("notify", "add", "down-mail", "--on", "unreachable", "--to", world.smtp.url())
    assert res.exit_code == 0, res.output
    res = cli("notify", "add", "low-score", "--on", "score-below=50", "--plan", PLAN, "--to", world.hook.url("/low"))
    assert res.exit_code == 0, res.output
    res = cli("notify", "add", "crit-hook", "--on", "critical", "--to", world.hook.url("/again"))
    assert res.exit_code == 2 and "exists" in res.output  # the name is taken: nothing changes

    res = cli("notify", "list", "--json")
    assert res.exit_code == 0, res.output
    assert TOKEN not in res.output and "dba@example.test" not in res.output
    rules = {r["name"]: r for r in json.loads(res.output)}
    assert set(rules) == {"crit-hook", "down-mail", "low-score", "failed-runs"}
    assert rules["crit-hook"]["target"] == f"http://127.0.0.1:{world.hook.port}/…"
    assert rules["crit-hook"]["plan"] == PLAN and rules["down-mail"]["plan"] is None
    assert rules["down-mail"]["target"] == f"mailto://127.0.0.1:{world.smtp.port}/…"
    assert rules["down-mail"]["block"] == "slack-webhook/dbpatrol-notify-down-mail"
    assert rules["crit-hook"]["block"] == "custom-webhook/dbpatrol-notify-crit-hook"

    # the automation as Prefect holds it: the event, the label conditions, the block
    autos = {a.name: a for a in _read(lambda c: c.read_automations())}
    crit = autos["dbpatrol-notify-crit-hook"]
    assert crit.trigger.expect == {"dbpatrol.inspection.finished"}
    assert crit.trigger.match.root["dbpatrol.critical"] == "!0" and crit.trigger.match.root["dbpatrol.plan"] == PLAN
    assert autos["dbpatrol-notify-low-score"].trigger.match.root["dbpatrol.score-floor"] == [str(i) for i in range(50)]
    assert crit.actions[0].type == "send-notification"
    # the secret is the block's: Prefect does not give it back without include_secrets
    doc = _read(lambda c: c.read_block_document_by_name("dbpatrol-notify-crit-hook", "custom-webhook",
                                                        include_secrets=False))
    assert TOKEN not in json.dumps(doc.data, default=str)


def test_test_message_reaches_the_receiver(world):
    n = len(world.hook.posts)
    res = cli("notify", "test", "crit-hook")
    assert res.exit_code == 0, res.output
    post = world.hook.posts[n]
    assert post["path"] == f"/crit?token={TOKEN}"  # the block's secret URL, whole
    assert "crit-hook" in post["json"]["subject"] and "test" in post["json"]["subject"]


def _inspect(**kw):
    from flows.tiers import daily

    return daily(inventory=str(kw.pop("inventory")), formats=["json"], **kw)


def test_an_inspection_with_a_critical_finding_and_an_unreachable_instance_notifies(world):
    """One flow run: pg-up made CRITICAL by a run threshold (RUN001 used_pct: any connection is more
    than 0.01 % of max_connections), pg-down on a closed port. The critical rule (plan nt-plan) posts
    to the webhook, the unreachable rule mails, the score rule (score < 50) posts; English, as the run."""
    t0 = time.monotonic()
    summary = _inspect(inventory=world.inventory, instances=["pg-up", "pg-down"], plan=PLAN, only=["RUN001"],
                       thresholds={"RUN001": {"used_pct": {"warning": 0.005, "critical": 0.01}}}, lang="en")
    world.first = summary
    assert summary["live_counts"]["CRITICAL"] >= 1 and summary["unreachable"] == ["pg-down"], summary
    report_link = f"{REPORT_BASE}/reports/{summary['report_id']}"

    def post(path):
        return next((p for p in world.hook.posts if p["path"].startswith(path) and "test" not in p["json"]["subject"]),
                    None)

    crit = wait_for(lambda: post("/crit"), 20, 0.3, what="the critical notification")
    body = crit["json"]["body"]
    assert "dbpatrol notification crit-hook: critical findings" in body
    assert f"plan {PLAN}" in body and "pg-up" in body and "pg-down" in body
    assert "- pg-up CRITICAL RUN001 Connections near max_connections" in body
    assert "Score: 0" not in body and "Score: " in body  # the fleet mean: pg-down 0, pg-up above it
    assert report_link in body
    assert CANARY not in json.dumps(crit) and TOKEN not in body
    low = wait_for(lambda: post("/low"), 10, 0.3, what="the score-below notification")
    assert "score below 50" in low["json"]["body"]

    mail = wait_for(lambda: world.smtp.bodies(), 10, 0.3, what="the unreachable e-mail")
    subject, text = mail[0]
    assert "unreachable instances" in subject
    assert "Unreachable instances:" in text and "- pg-down:" in text and report_link in text
    assert "RUN001" in text and CANARY not in text
    print(f"inspection → both deliveries: {time.monotonic() - t0:.1f} s")

    crashed = _read(lambda c: c.read_automation(UUID(world.crashed_id)))
    assert crashed.trigger.after == {"prefect.flow-run.heartbeat", "prefect.flow-run.Running"}
    assert crashed.trigger.posture == "Proactive" and crashed.trigger.expect == {"prefect.flow-run.*"}
    assert crashed.trigger.match_related.root["prefect.resource.name"] == "dbpatrol-*"
    # and the run's own events reached the server with what that trigger matches — its flow run as
    # resource and the dbpatrol-daily flow related: the heartbeat Prefect's flow engine sends when the
    # run starts (which opens the window), and the Completed state event (which closes it, so a run
    # that finishes is never marked Crashed)
    from dbpatrol.settings import load_settings
    from reports.store import ReportStore

    run_id = ReportStore(load_settings()).load_result(summary["report_id"]).flow_run_id
    world.inspection_run_id = run_id
    for name in ("prefect.flow-run.heartbeat", "prefect.flow-run.Completed"):
        events = wait_for(lambda: _events(world, name, run_id), 10, 0.3, what=name)
        flow = next(r for r in events[0]["related"] if r["prefect.resource.role"] == "flow")
        assert flow["prefect.resource.name"] == "dbpatrol-daily", (name, events[0])


def _events(world, name: str, run_id: str) -> list[dict]:
    import httpx

    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=10)).isoformat()
    return httpx.post(f"{world.s.api}/events/filter", json={"filter": {
        "event": {"name": [name]}, "resource": {"id": [f"prefect.flow-run.{run_id}"]},
        "occurred": {"since": since}}}).json()["events"]


def test_a_run_silent_after_its_heartbeat_is_marked_crashed_and_run_failed_notifies(world):
    from prefect.client.schemas.objects import StateType

    def state():
        fr = _read(lambda c: c.read_flow_run(world.zombie.id))
        return fr.state if fr.state.type == StateType.CRASHED else None

    left = max(5.0, CRASHED_AFTER + 25 - (time.monotonic() - world.zombie_at))
    st = wait_for(state, left, 0.3, what="the zombie run to be Crashed")
    assert "no heartbeat" in st.message
    print(f"zombie Crashed {time.monotonic() - world.zombie_at:.1f} s after its heartbeat")
    failed = wait_for(lambda: next((p for p in world.hook.posts if p["path"] == "/failed"), None), 15, 0.3,
                      what="the run-failed notification")
    body = failed["json"]["body"]
    assert "运行失败" in body  # the plan's language
    assert PLAN in body and str(world.zombie.id) in body and "Crashed" in body and "pg-down" in body

    # the inspection's run (a heartbeat, then Completed a few seconds later) is still Completed; its
    # window may not have closed yet when this runs (the module does not wait for it): the Completed
    # event covered by the trigger, checked above, is what keeps it so
    done = _read(lambda c: c.read_flow_run(UUID(world.inspection_run_id)))
    assert done.state.type == StateType.COMPLETED, done.state


def test_the_next_report_of_the_plan_lists_the_crashed_window(world):
    from prefect import get_client
    from prefect.flow_engine import run_flow

    import reports
    from flows.tiers import daily
    from flows.window import resolve_window
    from reports.store import ReportStore
    from dbpatrol.settings import load_settings

    async def next_run():
        async with get_client() as c:
            return await c.create_flow_run_from_deployment(UUID(str(world.plan.deployment_id)))

    fr = asyncio.run(next_run())
    n_mail = len(world.smtp.messages)
    summary = run_flow(daily, flow_run=fr, parameters=fr.parameters)
    store = ReportStore(load_settings())
    result = store.load_result(summary["report_id"])
    assert len(result.missed_windows) == 1, result.missed_windows
    m = result.missed_windows[0]
    start, end = resolve_window(None, None, 1, world.zombie.expected_start_time, timezone=load_settings().timezone)
    assert (m.window_start, m.window_end) == (start, end) and m.flow_run_id == str(world.zombie.id)
    assert m.state == "Crashed"
    html = reports.to_html(result, lang="zh-CN")
    assert "未巡检的窗口：本计划崩溃的运行" in html and str(world.zombie.id) in html
    assert "Windows not inspected" in reports.summary_markdown(result, lang="en")
    # and its notification (zh-CN, the plan's language) says so too
    mail = wait_for(lambda: world.smtp.bodies()[n_mail:], 15, 0.3, what="the second unreachable e-mail")
    subject, text = mail[0]
    assert "实例无法连接" in subject and "未巡检的窗口（运行崩溃）" in text and world.zombie.name in text


def test_remove_deletes_the_automation_and_its_block_but_never_a_named_one(world):
    from prefect.blocks.system import Secret
    from prefect.exceptions import ObjectNotFound

    res = cli("notify", "remove", "low-score")
    assert res.exit_code == 0, res.output
    names = {a.name for a in _read(lambda c: c.read_automations())}
    assert "dbpatrol-notify-low-score" not in names and "dbpatrol-notify-crit-hook" in names
    with pytest.raises(ObjectNotFound):
        _read(lambda c: c.read_block_document_by_name("dbpatrol-notify-low-score", "custom-webhook"))

    # --to an existing block: used, listed as such, left in place by remove
    res = cli("notify", "add", "reuse", "--on", "unreachable", "--to", "custom-webhook/dbpatrol-notify-crit-hook")
    assert res.exit_code == 0, res.output
    rule = next(r for r in json.loads(cli("notify", "list", "--json").output) if r["name"] == "reuse")
    assert rule["target"] == "block custom-webhook/dbpatrol-notify-crit-hook" and rule["owned_block"] is False
    assert cli("notify", "remove", "reuse").exit_code == 0
    assert _read(lambda c: c.read_block_document_by_name("dbpatrol-notify-crit-hook", "custom-webhook"))
    # a block that cannot notify is refused
    Secret(value="not-a-notifier").save("nt-secret", overwrite=True)
    res = cli("notify", "add", "bad-block", "--on", "critical", "--to", "secret/nt-secret")
    assert res.exit_code == 2 and "cannot send notifications" in res.output, res.output


def test_deploy_crash_guard_is_idempotent(world):
    """What `dbpatrol deploy` runs: the pool's heartbeat interval and the one crashed-run automation,
    updated in place (same id) however often it runs."""
    for _ in range(2):
        guard = asyncio.run(notify.aensure_crash_guard(30, POOL))
        assert guard["automation"] == "updated" and guard["automation_id"] == world.crashed_id
    assert [a.name for a in _read(lambda c: c.read_automations())].count(notify.CRASHED_RUNS) == 1
    automation = _read(lambda c: c.read_automation(UUID(world.crashed_id)))
    assert automation.trigger.within == dt.timedelta(seconds=90)  # three heartbeats
    wp = _read(lambda c: c.read_work_pool(POOL))
    env = wp.base_job_template["variables"]["properties"]["env"]
    assert env["default"] == {notify.HEARTBEAT_ENV: "30"}
