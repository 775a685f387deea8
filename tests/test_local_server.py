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


def test_inspect_is_a_flow_run_on_the_local_server(started, tmp_path):
    inv = tmp_path / "inv.yaml"
    inv.write_text(textwrap.dedent("""
        businesses:
          - name: b
            hosts:
              - name: h
                address: 127.0.0.1
                instances:
                  - {name: pg, engine: postgresql, port: 5432, database: test, user: postgres}
    """), encoding="utf-8")
    pid = local_server.read_state(started["prefect_home"])["pid"]
    done = subprocess.run([sys.executable, "-m", "dbpatrol.cli", "inspect", "--inventory", str(inv), "--only", "RUN001",
                           "--format", "json", "--json"], env=started["env"], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"using the local Prefect server at http://127.0.0.1:{started['port']} (pid {pid}" in done.stderr
    report = json.loads(done.stdout)
    assert report["instances"][0]["reachable"]
    # a real flow run, recorded by that server
    req = urllib.request.Request(f"http://127.0.0.1:{started['port']}/api/flow_runs/filter", data=b"{}",
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        runs = json.loads(resp.read())
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


def test_status_then_stop_stops_only_its_own_process(started):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "dbpatrol.cli", "server", *args], env=started["env"], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)

    pid = local_server.read_state(started["prefect_home"])["pid"]
    st = cli("status", "--json")
    assert st.returncode == 0, st.stderr
    shown = json.loads(st.stdout)
    assert shown["running"] and shown["healthy"] and shown["pid"] == pid
    stop = cli("stop")
    assert stop.returncode == 0 and f"stopped (pid {pid}" in stop.stdout, stop.stdout + stop.stderr
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
