"""A real zombie run, end to end (issue 14 item 5) — what tests/test_notify.py cannot afford in its
time budget: a worker and its flow-run process SIGKILLed mid-run, by PID.

It starts a Prefect server on a scratch database of the local PostgreSQL, does what `dbpatrol
deploy` does for crashed runs (the pool's heartbeat interval, the dbpatrol-crashed-runs automation;
heartbeat --heartbeat seconds, Crashed after three), creates plan `zk` (daily, the local
PostgreSQL), starts `prefect worker start`, runs the plan, and as soon as the run is Running kills
its flow-run process (the run's infrastructure_pid) and the worker with SIGKILL. It prints how long
the run stayed Running before the automation set it Crashed, then runs the plan again on a new
worker and prints the window that report lists as not inspected. Everything it started is stopped
by PID and the scratch database is dropped.

    uv run python bench/crashed_run.py [--heartbeat 30]

Measured 2026-12-01 (2 cores, shared; two runs): heartbeat 30 s → the run was Crashed 92–95 s after the kill
("dbpatrol: no heartbeat for 90 s …"; Prefect evaluates proactive triggers every 5 s), and the next
run's report listed the killed run's window [expected start − 1 day, expected start]. Killing the
worker alone is not a zombie: its flow-run process lives on, notices and ends the run Crashed
itself ("Execution was aborted by Python system exit call").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deployments import notify, ops, stack  # noqa: E402

INVENTORY = """businesses:
  - name: demo
    hosts:
      - name: localhost
        address: 127.0.0.1
        instances:
          - {name: pg-local, engine: postgresql, port: 5432, database: test, user: postgres}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--heartbeat", type=int, default=30, help="seconds between heartbeats (>= 30)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-crashed-"))
    home, dbhome, inventory = tmp / "prefect-home", tmp / "dbpatrol-home", tmp / "inventory.yaml"
    home.mkdir()
    inventory.write_text(INVENTORY)
    db, port = f"dbpatrol_prefect_{secrets.token_hex(4)}", stack.free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = stack.offline_env(PREFECT_API_URL=api, PREFECT_HOME=str(home), DBPATROL_HOME=str(dbhome))
    os.environ.update(PREFECT_API_URL=api, PREFECT_HOME=str(home), DBPATROL_HOME=str(dbhome), DO_NOT_TRACK="1")
    procs: list[subprocess.Popen] = []

    def start(name: str, cmd: list[str], e: dict) -> subprocess.Popen:
        p = subprocess.Popen(cmd, env=e, stdout=(tmp / f"{name}.log").open("w"), stderr=subprocess.STDOUT,
                             start_new_session=True, cwd=tmp)
        procs.append(p)
        return p

    from prefect import get_client

    async def read(run_id):
        async with get_client() as c:
            return await c.read_flow_run(run_id)

    url = stack.create_database(db)
    try:
        server = start("server", stack.server_command("127.0.0.1", port), stack.server_env(url, str(home), base=env))
        print(f"server ready in {stack.wait_for_api(api, 180, server):.0f} s")
        asyncio.run(stack.aensure_pool("dbpatrol"))
        print("crash guard:", asyncio.run(notify.aensure_crash_guard(args.heartbeat)))
        ops.create_plan(name="zk", tier="daily", schedule='cron "0 0 1 1 *"', instances=["pg-local"], window_days=1,
                        formats=["json"], inventory=str(inventory))
        worker_env = {**env, "PREFECT_WORKER_QUERY_SECONDS": "2"}
        worker = start("worker", stack.worker_command("dbpatrol", limit=2, name="w1"), worker_env)
        run = ops.run_plan("zk", wait=False)
        while (fr := asyncio.run(read(run.id))).state.type.value != "RUNNING" or not fr.infrastructure_pid:
            if fr.state.is_final():
                raise SystemExit(f"the run ended before it could be killed: {fr.state}")
            time.sleep(0.1)
        flow_pid = int(str(fr.infrastructure_pid).split(":")[-1])
        os.kill(flow_pid, signal.SIGKILL)  # the flow-run process, by its PID
        os.killpg(worker.pid, signal.SIGKILL)  # and the worker (its own process group)
        worker.wait(5)
        killed = time.monotonic()
        print(f"killed flow-run process {flow_pid} and worker {worker.pid} while {fr.name} was Running")
        while (st := asyncio.run(read(run.id)).state).type.value == "RUNNING":
            if time.monotonic() - killed > 10 * args.heartbeat:
                raise SystemExit("still Running: the automation did not fire")
            time.sleep(1)
        print(f"{st.name} {time.monotonic() - killed:.0f} s after the kill: {st.message}")
        start("worker2", stack.worker_command("dbpatrol", limit=2, name="w2"), worker_env)
        second = ops.run_plan("zk", wait=True, timeout=300)
        print(f"next run {second.name}: {second.state.name}")
        for f in dbhome.rglob("*.json"):
            doc = json.loads(f.read_text())
            if doc.get("flow_run_id") == str(second.id):
                print("its report lists as not inspected:", json.dumps(doc.get("missed_windows"), indent=1))
    finally:
        for p in reversed(procs):
            stack.stop(p)
        stack.drop_database(db)


if __name__ == "__main__":
    main()
