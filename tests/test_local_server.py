"""The local Prefect server (issue 13 item 1): without PREFECT_API_URL, dbpatrol starts one Prefect
server in the background, reuses it, never starts two at once, and stops only its own.

One server is booted for the whole module (a throwaway DBPATROL_HOME, a free port) by two
processes started together, and stopped by its PID at the end whatever happened. Everything runs
in subprocesses, as a user's commands would: this test process never points Prefect at it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from dbpatrol import local_server
from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
ENSURE = ("import json; from dbpatrol import local_server as l; "
          "u, s, st = l.ensure(notify=lambda m: print(m, flush=True)); print(json.dumps([u, s, st['pid']]))")


def _env(home: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DBPATROL_HOME=str(home), DBPATROL_PREFECT_PORT=str(port), DBPATROL_LOCAL_SERVER="on",
               PYTHONPATH=str(ROOT), DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING")
    return env


def _servers_on(port: int) -> list[int]:
    """PIDs of Prefect servers listening on ``port`` (from /proc): how many were started."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if local_server.APP.encode() in cmd and b"--port" in cmd and cmd[cmd.index(b"--port") + 1] == str(port).encode():
                found.append(int(proc.name))
    return found


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """Two processes started at the same moment, each asking for the local server."""
    home = tmp_path_factory.mktemp("local-server") / "home"
    port = free_port()
    env = _env(home, port)
    prefect_home = home / "prefect"
    procs = [subprocess.Popen([sys.executable, "-c", ENSURE], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        outs = [p.communicate(timeout=240) for p in procs]
        yield {"home": home, "prefect_home": prefect_home, "port": port, "env": env, "outs": outs,
               "codes": [p.returncode for p in procs]}
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        local_server.stop(prefect_home)  # by the PID in server.json, only while it is a Prefect server
        for pid in _servers_on(port):  # belt and braces: nothing of ours is left running
            os.kill(pid, signal.SIGKILL)


def test_two_processes_at_once_start_one_server(started):
    assert started["codes"] == [0, 0], started["outs"]
    results = [json.loads(out.strip().splitlines()[-1]) for out, _ in started["outs"]]
    (url1, new1, pid1), (url2, new2, pid2) = results
    assert url1 == url2 == f"http://127.0.0.1:{started['port']}/api"
    assert pid1 == pid2 and sorted([new1, new2]) == [False, True], results
    assert _servers_on(started["port"]) == [pid1]
    # the one that waited said why
    waited = next(out for (out, _), (_, new, _) in zip(started["outs"], results) if not new)
    assert "another dbpatrol process is starting" in waited
    # the new database came from Prefect's schema (dbpatrol/prefect_schema.py), not its migrations; the
    # tests below run flows, deployments and plans on it
    starter = next(out for (out, _), (_, new, _) in zip(started["outs"], results) if new)
    assert "schema" in starter and "creates its database" not in starter, starter
    # its PREFECT_HOME and database are under DBPATROL_HOME, its output in server.log
    assert (started["prefect_home"] / "prefect.db").exists()
    state = local_server.read_state(started["prefect_home"])
    assert state["pid"] == pid1 and (started["prefect_home"] / "server.log").exists()
    # detached: its own session, so the terminal of the run that started it cannot stop it
    assert os.getsid(pid1) == pid1


def test_a_later_run_reuses_it(started):
    pid = local_server.read_state(started["prefect_home"])["pid"]
    done = subprocess.run([sys.executable, "-c", ENSURE], env=started["env"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    url, new, same = json.loads(done.stdout.strip().splitlines()[-1])
    assert (new, same) == (False, pid)
    assert _servers_on(started["port"]) == [pid]


def _inventory(tmp_path: Path, instance: str) -> Path:
    """inv.yaml in ``tmp_path`` with one instance (a YAML flow mapping) on 127.0.0.1."""
    inv = tmp_path / "inv.yaml"
    inv.write_text(textwrap.dedent(f"""
        businesses:
          - name: b
            hosts:
              - name: h
                address: 127.0.0.1
                instances:
                  - {instance}
    """), encoding="utf-8")
    return inv


def _flow_runs(port: int) -> list[dict]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/flow_runs/filter", data=b"{}",
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def test_inspect_is_a_flow_run_on_the_local_server(started, tmp_path):
    inv = _inventory(tmp_path, "{name: pg, engine: postgresql, port: 5432, database: test, user: postgres}")
    pid = local_server.read_state(started["prefect_home"])["pid"]
    done = subprocess.run([sys.executable, "-m", "dbpatrol.cli", "inspect", "--inventory", str(inv), "--only", "RUN001",
                           "--format", "json", "--json"], env=started["env"], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"using the local Prefect server at http://127.0.0.1:{started['port']} (pid {pid}" in done.stderr
    report = json.loads(done.stdout)
    assert report["instances"][0]["reachable"]
    # a real flow run, recorded by that server
    runs = _flow_runs(started["port"])
    assert [r["state_type"] for r in runs] == ["COMPLETED"], runs
    assert _servers_on(started["port"]) == [pid]


def test_deploy_and_plans_use_the_local_server(started):
    # Issue 14 item 7: without PREFECT_API_URL, `deploy` registered into a throwaway server and said
    # it had succeeded; now it and the plan commands use the local background server.
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "dbpatrol.cli", *args], env=started["env"], cwd=ROOT,
                              capture_output=True, text=True, timeout=240)

    pid = local_server.read_state(started["prefect_home"])["pid"]
    dep = cli("deploy")
    assert dep.returncode == 0, dep.stdout[-2000:] + dep.stderr[-3000:]
    assert "deployed dbpatrol-daily/immediate" in dep.stdout
    assert f"using the local Prefect server at http://127.0.0.1:{started['port']} (pid {pid}" in dep.stderr
    req = urllib.request.Request(f"http://127.0.0.1:{started['port']}/api/deployments/filter", data=b"{}",
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        names = {d["name"] for d in json.loads(resp.read())}
    assert "immediate" in names
    listed = cli("plan", "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == [], listed.stderr[-2000:]
    assert _servers_on(started["port"]) == [pid]


def test_later_inspections_are_served_by_the_warm_runner(started, tmp_path):
    """Issue 13 item 6: the first inspect runs in its own process and leaves a warm runner; later ones
    are flow runs of that runner, with the caller's working directory and environment for that
    request only; bad input through it still exits 2 and creates nothing; `server stop` stops it."""
    from dbpatrol import warm

    _inventory(tmp_path, "{name: pgw, engine: postgresql, port: 5432, database: test, user: postgres, "
                         "password: {env: DBP_WARM_PW}}")
    env = {**started["env"], "DBPATROL_WARM": "on", "DBPATROL_WARM_IDLE_S": "300", "DBPATROL_WARM_MAX_RUNS": "3",
           "DBP_WARM_PW": "not-needed-trust"}
    no_pw = {k: v for k, v in env.items() if k != "DBP_WARM_PW"}

    def inspect(run_env, *extra):
        # relative --inventory and --out: resolved in the caller's working directory, also by the runner
        return subprocess.run([sys.executable, "-m", "dbpatrol.cli", "inspect", "--inventory", "inv.yaml", "--only", "RUN001",
                               "--format", "json", "--out", "out", *extra], env={**run_env, "PYTHONPATH": str(ROOT)},
                              cwd=tmp_path, capture_output=True, text=True, timeout=180)

    try:
        runs_before = len(_flow_runs(started["port"]))
        first = inspect(env)
        assert first.returncode == 0, first.stderr[-3000:]
        assert "served by the warm runner" not in first.stderr
        deadline = time.monotonic() + 90
        while not (found := [r for r in warm.runners(env) if r["socket"]]) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert len(found) == 1, "the first inspect left no warm runner"
        pid = found[0]["pid"]
        assert os.getsid(pid) == pid  # detached, like the server
        # started with an allow-list of variables: the caller's password variable is not kept
        assert b"DBP_WARM_PW" not in Path(f"/proc/{pid}/environ").read_bytes()

        second = inspect(env)
        assert second.returncode == 0, second.stderr[-3000:]
        assert f"served by the warm runner (pid {pid};" in second.stderr
        assert "pgw postgresql" in second.stdout  # the progress line came through
        reports = sorted((tmp_path / "out").glob("dbpatrol-daily-*.json"))
        assert len(reports) == 2
        assert json.loads(reports[-1].read_text())["instances"][0]["reachable"] is True

        third = inspect(no_pw)  # the previous request's environment was not left in the runner
        assert third.returncode == 0 and f"served by the warm runner (pid {pid};" in third.stderr, third.stderr[-3000:]
        doc = json.loads(sorted((tmp_path / "out").glob("dbpatrol-daily-*.json"))[-1].read_text())
        assert doc["instances"][0]["reachable"] is False
        assert "DBP_WARM_PW is not set" in doc["instances"][0]["cause"]

        runs = _flow_runs(started["port"])
        assert len(runs) == runs_before + 3 and all(r["state_type"] == "COMPLETED" for r in runs), runs

        status = subprocess.run([sys.executable, "-m", "dbpatrol.cli", "server", "status"], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert f"warm runner pid {pid}" in status.stdout, status.stdout

        bad = inspect(env, "--tier", "hourly")  # its third request: DBPATROL_WARM_MAX_RUNS=3
        assert bad.returncode == 2 and "--tier 'hourly'" in bad.stderr, bad.stderr[-2000:]
        assert f"served by the warm runner" not in bad.stderr  # an error, said as the command's own
        assert len(_flow_runs(started["port"])) == runs_before + 3  # nothing created
        deadline = time.monotonic() + 15
        while warm._is_runner(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not warm._is_runner(pid), "the runner did not end after DBPATROL_WARM_MAX_RUNS requests"
        assert warm.runners(env) == [] and not Path(found[0]["socket"]).exists()

        # another Prefect configuration makes another key: that command is not served by this runner
        assert warm.key(env) != warm.key({**env, "PREFECT_LOGGING_LEVEL": "ERROR"})
    finally:
        warm.stop_all(env)


def test_code_fingerprint_follows_every_source_file(tmp_path):
    from dbpatrol import warm

    for d in warm.CODE_DIRS:
        (tmp_path / d).mkdir()
    (tmp_path / "checks" / "check.sql").write_text("SELECT 1")
    before = warm.code_fingerprint(tmp_path)
    assert warm.code_fingerprint(tmp_path) == before
    os.utime(tmp_path / "checks" / "check.sql", ns=(1, 1))  # an edited file
    edited = warm.code_fingerprint(tmp_path)
    assert edited != before
    (tmp_path / "reports" / "t.html").write_text("<p>")  # a new template
    assert warm.code_fingerprint(tmp_path) not in (before, edited)


def test_status_then_stop_stops_only_its_own_process(started):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "dbpatrol.cli", "server", *args], env=started["env"], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)

    from dbpatrol import warm

    pid = local_server.read_state(started["prefect_home"])["pid"]
    runner = warm.spawn({**started["env"], "DBPATROL_WARM": "on"})  # recorded at once, before it listens
    assert runner
    st = cli("status", "--json")
    assert st.returncode == 0, st.stderr
    shown = json.loads(st.stdout)
    assert shown["running"] and shown["healthy"] and shown["pid"] == pid
    assert [r["pid"] for r in shown["warm_runners"]] == [runner]
    stop = cli("stop")
    assert stop.returncode == 0 and f"stopped (pid {pid}" in stop.stdout, stop.stdout + stop.stderr
    assert f"warm runner stopped (pid {runner})" in stop.stdout
    assert not warm._is_runner(runner)
    deadline = time.monotonic() + 10
    while _servers_on(started["port"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _servers_on(started["port"]) == []
    assert local_server.read_state(started["prefect_home"]) is None
    again = cli("status")
    assert again.returncode == 1 and "not running" in again.stdout
    assert "not running" in cli("stop").stdout


def test_stop_never_signals_a_pid_that_is_not_a_prefect_server(tmp_path):
    """A recorded PID the system has since given to another process is left alone."""
    home = tmp_path / "prefect"
    home.mkdir()
    other = subprocess.Popen(["sleep", "30"])
    try:
        (home / "server.json").write_text(json.dumps({"pid": other.pid, "url": "http://127.0.0.1:9/api"}))
        assert local_server.status(home)["stale"] is True
        assert local_server.stop(home) is None
        assert other.poll() is None, "stop signalled a process that is not ours"
        assert local_server.read_state(home) is None  # the stale record is cleared
    finally:
        other.kill()
        other.wait()


def test_nothing_is_started_when_an_api_is_configured_or_it_is_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("DBPATROL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    with local_server.prefect_api(lambda m: pytest.fail(m)) as url:
        assert url is None
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setenv("DBPATROL_LOCAL_SERVER", "off")
    with local_server.prefect_api(lambda m: pytest.fail(m)) as url:
        assert url is None
    assert not (tmp_path / "home" / "prefect").exists()
