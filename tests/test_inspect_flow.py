"""The daily flow end to end: real Prefect (test harness), real databases, real report files.

Healthy instances beside a refused port, a wrong password, a missing password variable and a
hung endpoint (a socket that accepts and never answers): the healthy ones complete, each bad one
is reported unreachable with its cause within the connect timeout, and the monitoring password
appears in no report file, log line or Prefect parameter.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import socket
import threading
import time
import zoneinfo

import pytest
import yaml

from tests.harness import MON_PASSWORD, MON_USER

CONNECT_TIMEOUT = 2


@pytest.fixture
def hung_port():
    """A listening socket that accepts connections and never says a word."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    held, stop = [], threading.Event()

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join(2)
    for c in held:
        c.close()
    srv.close()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def fleet(tmp_path, monkeypatch, hung_port, pg_monitor_user, my_monitor_user):
    monkeypatch.setenv("DBPATROL_TEST_MON_PW", MON_PASSWORD)
    monkeypatch.setenv("DBPATROL_TEST_WRONG_PW", MON_PASSWORD + "-wrong")
    monkeypatch.delenv("DBPATROL_TEST_UNSET_PW", raising=False)
    monkeypatch.setenv("DBPATROL_CONNECT_TIMEOUT", str(CONNECT_TIMEOUT))
    monkeypatch.setenv("DBPATROL_HOME", str(tmp_path / "home"))
    pw = {"env": "DBPATROL_TEST_MON_PW"}
    inv = {"businesses": [{"name": "core", "hosts": [
        {"name": "local", "address": "127.0.0.1", "instances": [
            {"name": "pg-ok", "engine": "postgresql", "port": 5432, "database": "test", "user": MON_USER, "password": pw},
            {"name": "maria-ok", "engine": "mariadb", "port": 3306, "user": MON_USER, "password": pw},
            {"name": "pg-refused", "engine": "postgresql", "port": _closed_port(), "database": "test", "user": MON_USER, "password": pw},
            {"name": "maria-badpw", "engine": "mariadb", "port": 3306, "user": MON_USER,
             "password": {"env": "DBPATROL_TEST_WRONG_PW"}},
            {"name": "maria-nopw", "engine": "mariadb", "port": 3306, "user": MON_USER,
             "password": {"env": "DBPATROL_TEST_UNSET_PW"}},
            {"name": "pg-hung", "engine": "postgresql", "port": hung_port, "database": "test", "user": MON_USER, "password": pw},
            {"name": "maria-hung", "engine": "mariadb", "port": hung_port, "database": "test", "user": MON_USER, "password": pw},
        ]},
    ]}]}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(inv), encoding="utf-8")
    return path


def test_bad_instances_never_stall_the_healthy_ones(prefect_harness, fleet, tmp_path, caplog, capfd):
    from flows.tiers import daily

    caplog.set_level(logging.DEBUG)
    out = tmp_path / "out"
    t0 = time.monotonic()
    summary = daily(inventory=str(fleet), out_dir=str(out), formats=["json", "html", "pdf"])
    wall = time.monotonic() - t0
    report = json.loads(open(summary["files"]["json"], encoding="utf-8").read())
    by_name = {i["name"]: i for i in report["instances"]}

    for name in ("pg-ok", "maria-ok"):
        inst = by_name[name]
        assert inst["reachable"], inst["cause"]
        assert inst["server_version"]
        outcomes = {f["outcome"] for f in inst["findings"]}
        assert outcomes <= {"OK", "WARNING", "CRITICAL", "SKIPPED"}, [f for f in inst["findings"] if f["outcome"] == "ERROR"]
        assert len(inst["findings"]) >= 15
        # nothing was skipped for want of a privilege the catalog declares
        assert not [f for f in inst["findings"] if f["message"]["en"].startswith("missing privilege")]

    causes = {n: by_name[n]["cause"] or "" for n in by_name if not by_name[n]["reachable"]}
    assert set(causes) == {"pg-refused", "maria-badpw", "maria-nopw", "pg-hung", "maria-hung"}
    assert "refused" in causes["pg-refused"].lower()
    assert "access denied" in causes["maria-badpw"].lower()
    assert "DBPATROL_TEST_UNSET_PW is not set" in causes["maria-nopw"]
    assert "timeout" in causes["pg-hung"].lower() or "timed out" in causes["pg-hung"].lower()
    assert "timed out" in causes["maria-hung"].lower() or "timeout" in causes["maria-hung"].lower()
    for name in ("pg-hung", "maria-hung", "pg-refused"):
        inst = by_name[name]
        took = (dt.datetime.fromisoformat(inst["finished_at"]) - dt.datetime.fromisoformat(inst["started_at"])).total_seconds()
        assert took < CONNECT_TIMEOUT + 3, f"{name} took {took:.1f}s, more than the connect timeout"
        # what could not be inspected is listed, with the reason
        assert inst["findings"] and all(f["outcome"] == "SKIPPED" for f in inst["findings"])
    assert wall < 120

    # The password appears nowhere: report files, log output, Prefect parameters and logs.
    for f in out.rglob("*"):
        if f.is_file():
            assert MON_PASSWORD.encode() not in f.read_bytes(), f"password leaked into {f.name}"
    captured = capfd.readouterr()
    assert MON_PASSWORD not in captured.out + captured.err
    assert MON_PASSWORD not in caplog.text
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(report["flow_run_id"])
        assert MON_PASSWORD not in json.dumps(run.parameters, default=str)
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))
        assert logs, "the flow run logged nothing: the log check would be vacuous"
        assert all(MON_PASSWORD not in log.message for log in logs)
        tasks = client.read_task_runs()
        assert MON_PASSWORD not in json.dumps([t.model_dump(mode="json") for t in tasks], default=str)


def test_window_reaches_the_checks_and_bad_window_is_refused(prefect_harness, fleet, tmp_path):
    from flows.tiers import daily
    from flows.window import WindowError

    end = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=2)
    start = end - dt.timedelta(days=3)
    summary = daily(inventory=str(fleet), instances=["pg-ok", "maria-ok"], window_start=start, window_end=end,
                    out_dir=str(tmp_path / "o"), formats=["json", "html"], timezone="America/New_York")
    assert summary["window"] == [start.isoformat(), end.isoformat()]
    report = json.loads(open(summary["files"]["json"], encoding="utf-8").read())
    assert report["window_start"].startswith(start.isoformat()[:19])
    # issue 14 item 18: one convention for times — the run's zone (not settings' Asia/Shanghai), to the
    # second, labelled — in the report and inside the checks' messages alike
    ny = zoneinfo.ZoneInfo("America/New_York")
    local_end = end.astimezone(ny)
    assert report["timezone"] == "America/New_York"
    html = open(summary["files"]["html"], encoding="utf-8").read()
    assert local_end.strftime("%Y-%m-%d %H:%M:%S ") + local_end.tzname() in html
    messages = {(i["name"], f["code"]): f["message"]["en"] for i in report["instances"] for f in i["findings"]}
    for name in ("pg-ok", "maria-ok"):  # RUN002 names the server's start time: PostgreSQL's aware, MariaDB's UTC text
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d E[SD]T\b", messages[(name, "RUN002")]), messages[(name, "RUN002")]
    utc_times = [m for m in messages.values() if re.search(r"\d\d:\d\d(:\d\d)? UTC\b", m)]
    assert not utc_times, utc_times
    with pytest.raises(WindowError, match="future"):
        daily(inventory=str(fleet), instances=["pg-ok"], window_start=start, window_end=end + dt.timedelta(days=30),
              out_dir=str(tmp_path / "o2"), formats=["json"])


def test_each_inspection_stores_a_snapshot_and_the_next_one_evaluates_the_window(prefect_harness, fleet, tmp_path):
    """Issue 8 item 2: consecutive inspections give in-window deltas without a sampler. The first one
    has only its own snapshot (counters since their start: cumulative); the second reads both; a
    past window with no snapshot in it stays cumulative and says since when."""
    from flows.tiers import daily
    from dbpatrol import snapshots

    def err002(summary, name):
        report = json.loads(open(summary["files"]["json"], encoding="utf-8").read())
        inst = next(i for i in report["instances"] if i["name"] == name)
        return next(f for f in inst["findings"] if f["code"] == "ERR002")

    # A window (at least a minute long) that starts after the servers' counters started, so the first
    # snapshot alone says nothing of it: on a server started (or its stats reset) moments ago, wait.
    from checks import samples
    from checks.adapters import ConnectTarget, open_session

    epochs = []
    for engine, port, db in (("postgresql", 5432, "test"), ("mariadb", 3306, None)):
        with open_session(ConnectTarget(engine, "127.0.0.1", port, db, MON_USER, MON_PASSWORD)) as s:
            epochs += [r.epoch.replace(tzinfo=dt.timezone.utc) for r in samples.take(s).rows
                       if r.source in ("pg.database", "my.status") and r.epoch is not None]
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=61)
    if max(epochs) >= start:
        time.sleep((max(epochs) - start).total_seconds() + 1)
        start = max(epochs) + dt.timedelta(seconds=1)
    first = daily(inventory=str(fleet), instances=["pg-ok", "maria-ok"], window_start=start,
                  out_dir=str(tmp_path / "a"), formats=["json"])
    assert err002(first, "pg-ok")["basis"] == "cumulative" and err002(first, "maria-ok")["basis"] == "cumulative"
    second = daily(inventory=str(fleet), instances=["pg-ok", "maria-ok"], window_start=start,
                   out_dir=str(tmp_path / "b"), formats=["json"])
    for name in ("pg-ok", "maria-ok"):
        f = err002(second, name)
        assert f["basis"] == "window" and f["coverage_pct"] is not None, (name, f["message"]["en"])
        assert "in the window" in f["message"]["en"] and f["outcome"] == "OK"
    stored = snapshots.latest(f"sqlite:///{tmp_path / 'home' / 'store.db'}")
    assert stored["pg-ok"]["snapshots"] == 2 and stored["pg-ok"]["last_origin"] == "inspection"
    past = daily(inventory=str(fleet), instances=["pg-ok"], window_start=start - dt.timedelta(days=3),
                 window_end=start - dt.timedelta(days=2), out_dir=str(tmp_path / "c"), formats=["json"])
    f = err002(past, "pg-ok")
    assert f["basis"] == "cumulative" and f["since"], f


def test_cli_json_prints_only_the_report(prefect_harness, fleet, tmp_path):
    from typer.testing import CliRunner

    from dbpatrol.cli import app

    res = CliRunner().invoke(app, ["inspect", "--inventory", str(fleet), "--instance", "pg-ok", "--instance", "pg-refused",
                                   "--last", "6h", "--format", "json", "--json", "--out", str(tmp_path / "j")])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)  # stdout is the JSON report and nothing else
    from dbpatrol.results import SCHEMA_VERSION

    assert report["schema_version"] == SCHEMA_VERSION
    assert {i["name"]: i["reachable"] for i in report["instances"]} == {"pg-ok": True, "pg-refused": False}
    span = dt.datetime.fromisoformat(report["window_end"]) - dt.datetime.fromisoformat(report["window_start"])
    assert span == dt.timedelta(hours=6)
    assert MON_PASSWORD not in res.output


def test_password_from_a_prefect_secret_block(prefect_harness, tmp_path, monkeypatch, my_monitor_user):
    """{secret: BLOCK} is resolved inside the run; a missing block makes the instance unreachable."""
    from prefect.blocks.system import Secret

    from flows.tiers import daily

    Secret(value=MON_PASSWORD).save("dbpatrol-test-mon", overwrite=True)
    monkeypatch.setenv("DBPATROL_CONNECT_TIMEOUT", str(CONNECT_TIMEOUT))
    inv = {"businesses": [{"name": "core", "hosts": [{"name": "local", "address": "127.0.0.1", "instances": [
        {"name": "maria-secret", "engine": "mariadb", "port": 3306, "user": MON_USER, "password": {"secret": "dbpatrol-test-mon"}},
        {"name": "maria-noblock", "engine": "mariadb", "port": 3306, "user": MON_USER, "password": {"secret": "no-such-block"}},
    ]}]}]}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(inv), encoding="utf-8")
    summary = daily(inventory=str(path), out_dir=str(tmp_path / "out"), formats=["json"])
    report = json.loads(open(summary["files"]["json"], encoding="utf-8").read())
    by_name = {i["name"]: i for i in report["instances"]}
    assert by_name["maria-secret"]["reachable"], by_name["maria-secret"]["cause"]
    assert not by_name["maria-noblock"]["reachable"]
    assert "no-such-block" in by_name["maria-noblock"]["cause"]
    assert MON_PASSWORD not in open(summary["files"]["json"], encoding="utf-8").read()


# ----- issue 11: the annual tier's top SQL from stored statement snapshots, end to end ---------------------------

PRF_CLI_PLANTED = "SELECT max(v) AS prf_cli_planted FROM prf_cli_t WHERE mod(v, 11) = 4"


@pytest.mark.timeout(180)
def test_inspect_annual_shows_the_planted_statement_from_the_window(prefect_harness, stmt_pg, tmp_path, monkeypatch):
    """``dbpatrol inspect --tier annual`` through the CLI (an inventory file) against the private PostgreSQL with
    pg_stat_statements, reading two stored statement snapshots around a planted statement: PRF001 shows it on
    top with its in-window calls and basis window; the JSON carries the performance section."""
    from typer.testing import CliRunner

    from checks.performance._statements.live import plant, snap
    from dbpatrol.cli import app
    from tests.pg_security import monitor_role

    home = tmp_path / "home"
    monkeypatch.setenv("DBPATROL_HOME", str(home))
    monkeypatch.delenv("DBPATROL_STORE_URL", raising=False)
    url = f"sqlite:///{home / 'store.db'}"
    mon = monitor_role(stmt_pg, "PRF001")
    stmt_pg.sql("CREATE TABLE IF NOT EXISTS prf_cli_t AS SELECT g AS v FROM generate_series(1, 20000) g")
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    # the sampler's two snapshots, stored as taken 30 and 5 minutes ago (their numbers are real)
    snap(mon, url, "pg-stmt", at=now - dt.timedelta(minutes=30))
    plant(stmt_pg, PRF_CLI_PLANTED, 150)
    snap(mon, url, "pg-stmt", at=now - dt.timedelta(minutes=5))
    inv = tmp_path / "inventory.yaml"
    inv.write_text(yaml.safe_dump({"businesses": [{"name": "core", "hosts": [{"name": "local", "address": "127.0.0.1",
                   "instances": [{"name": "pg-stmt", "engine": "postgresql", "port": stmt_pg.port,
                                  "database": "postgres", "user": mon.user}]}]}]}), encoding="utf-8")
    start, end = now - dt.timedelta(minutes=31), now - dt.timedelta(minutes=4)
    res = CliRunner().invoke(app, ["inspect", "--inventory", str(inv), "--tier", "annual", "--only", "PRF001",
                                   "--from", start.isoformat(), "--to", end.isoformat(), "--json", "--format", "json",
                                   "--out", str(tmp_path / "out")])
    assert res.exit_code in (0, 1), res.output  # 1: --fail-on's default says a warning was found
    doc = json.loads(res.stdout)
    f = next(f for f in doc["instances"][0]["findings"] if f["code"] == "PRF001")
    assert f["basis"] == "window" and f["coverage_pct"] > 90, (f["basis"], f["message"]["en"])
    top = f["evidence"][0]
    assert "prf_cli_planted" in top["query"] and top["calls"] == 150 and top["rank"] == 1, f["evidence"][:2]
    perf = doc["summary"]["performance"][0]
    assert perf["instance"] == "pg-stmt" and perf["basis"] == "window" and "prf_cli_planted" in perf["top"][0]["query"]
    stmt_pg.sql("DROP TABLE prf_cli_t")

