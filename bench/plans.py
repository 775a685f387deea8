"""Plans at scale: time to create N plans (default 1,000) and to list them, and the start lateness
of scheduled runs with one worker. Prints figures; asserts nothing.

    uv run python bench/plans.py [--plans 1000] [--minutes 3] [--per-minute 4]

Starts its own Prefect server on a fresh PostgreSQL database (dropped at the end) and one
`prefect worker start --pool dbpatrol` (PREFECT_WORKER_QUERY_SECONDS=2); stops both by PID.
``--skip-lateness``: only create and list.

Measured 2026-12-01 (2 cores, load average 7-10 from other sessions), 1,000 weekly plans:
create 305 s (259 ms median per plan; about as slow with 8 at once from one client: server-bound);
list (API) 12.8-14.6 s and `dbpatrol plan list --json` 23.1 s before issue 13 item 5, then 1.5-2.9 s
and 2.8-3.0 s: validate_timezone read zoneinfo.available_timezones() (a walk of the tzdata tree,
~10 ms) once per plan, now once per process; the plans' last runs come from one filtered query of
their runs (paged) instead of one query per plan.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from deployments import ops, stack  # noqa: E402
from deployments.schedule import WEEKDAYS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--minutes", type=int, default=3, help="minutes of every-minute runs for lateness")
    ap.add_argument("--per-minute", type=int, default=4, help="plans firing every minute")
    ap.add_argument("--skip-lateness", action="store_true", help="only create and list the plans")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-bench-"))
    inv = tmp / "inventory.yaml"
    inv.write_text(yaml.safe_dump({"businesses": [{"name": "demo", "hosts": [{"name": "localhost", "address": "127.0.0.1",
        "instances": [{"name": "pg-local", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres"}]}]}]}))
    db = f"dbpatrol_prefect_bench_{secrets.token_hex(3)}"
    port = stack.free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = stack.offline_env(PREFECT_API_URL=api, PREFECT_HOME=str(tmp / "prefect-home"),
                            DBPATROL_HOME=str(tmp / "dbpatrol-home"))
    os.environ.update({k: env[k] for k in ("PREFECT_API_URL", "PREFECT_HOME", "DO_NOT_TRACK")})
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    procs: list[subprocess.Popen] = []
    url = stack.create_database(db)
    try:
        (tmp / "prefect-home").mkdir()
        server = subprocess.Popen(stack.server_command("127.0.0.1", port), env=stack.server_env(url, base=env),
                                  stdout=(tmp / "server.log").open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(server)
        print(f"server (PostgreSQL) ready in {stack.wait_for_api(api, 120, server):.1f} s")
        asyncio.run(stack.aensure_pool())

        # ----- create N plans ---------------------------------------------------------------------
        t0 = time.perf_counter()
        per = []
        for i in range(args.plans):
            t = time.perf_counter()
            ops.create_plan(name=f"bench-{i:04d}", tier="weekly", instances=["pg-local"], inventory=str(inv),
                            schedule=f"weekly on {WEEKDAYS[i % 7]} at {i % 24:02d}:{(i * 7) % 60:02d}",
                            timezone="Asia/Shanghai", window_days=7, formats=["json"])
            per.append(time.perf_counter() - t)
        total = time.perf_counter() - t0
        print(f"create {args.plans} plans: {total:.1f} s total, {statistics.median(per) * 1000:.0f} ms median, "
              f"{max(per) * 1000:.0f} ms max per plan (Python API, one client session per call)")

        # ----- list them ------------------------------------------------------------------------------
        for attempt in (1, 2):
            t = time.perf_counter()
            infos = ops.list_plans()
            print(f"list (API) #{attempt}: {len(infos)} plans in {time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "dbpatrol.cli", "plan", "list", "--json"], env=env,
                             capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
        print(f"`dbpatrol plan list --json` (fresh process): {time.perf_counter() - t:.2f} s, rc={res.returncode}, "
              f"{len(res.stdout) // 1024} KiB")
        t = time.perf_counter()
        ops.show_plan("bench-0500" if args.plans > 500 else "bench-0000")
        print(f"show one plan: {(time.perf_counter() - t) * 1000:.0f} ms")

        # ----- lateness with one worker ----------------------------------------------------------------
        if args.skip_lateness:
            return
        worker = subprocess.Popen(stack.worker_command(limit=args.per_minute + 2), env=dict(env, PREFECT_WORKER_QUERY_SECONDS="2"),
                                  stdout=(tmp / "worker.log").open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(worker)
        created = dt.datetime.now(dt.timezone.utc)
        ids = []
        for i in range(args.per_minute):
            info = ops.create_plan(name=f"late-{i}", tier="daily", schedule='cron "* * * * *"', instances=["pg-local"],
                                   inventory=str(inv), window_days=1, formats=["json"])
            ids.append(info.deployment_id)
        end_at = created.replace(second=0, microsecond=0) + dt.timedelta(minutes=args.minutes + 1)
        print(f"lateness: {args.per_minute} every-minute plans, one worker, until {end_at:%H:%M:%S} UTC …", flush=True)
        while dt.datetime.now(dt.timezone.utc) < end_at + dt.timedelta(seconds=40):
            time.sleep(5)
        lateness, states = asyncio.run(_lateness(ids, created, end_at))
        if lateness:
            print(f"start lateness over {len(lateness)} runs: median {statistics.median(lateness):.2f} s, "
                  f"max {max(lateness):.2f} s, min {min(lateness):.2f} s; states {states}")
        else:
            print(f"no runs started; states {states}")
    finally:
        for p in reversed(procs):
            stack.stop(p)
        stack.drop_database(db)


async def _lateness(dep_ids, after, before):
    from prefect import get_client
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                FlowRunFilterExpectedStartTime)

    async with get_client() as c:
        runs = await c.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=list(dep_ids))),
            flow_run_filter=FlowRunFilter(expected_start_time=FlowRunFilterExpectedStartTime(after_=after, before_=before)),
            limit=200)
    states: dict[str, int] = {}
    for r in runs:
        states[r.state.name] = states.get(r.state.name, 0) + 1
    late = [(r.start_time - r.expected_start_time).total_seconds() for r in runs if r.start_time]
    return late, states


if __name__ == "__main__":
    main()
