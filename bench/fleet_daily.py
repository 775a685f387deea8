"""A fleet on Prefect's own distribution: daily plans run by 1 and by 2 workers on a PostgreSQL-backed
server (issue 15 item 4, docs/fleet.md "Sizing").

    uv run python bench/fleet_daily.py [--instances 40] [--per-run 10] [--limit 2] [--workers 1,2]

It starts `dbpatrol server --database-url postgresql+asyncpg://…` on a scratch database
``dbpatrol_prefect_<random>`` of the local PostgreSQL (so this is also the proof that the option
works), with the report store on PostgreSQL too (``dbpatrol_store_<random>``, DBPATROL_STORE_URL).
The N inventory entries point at the local PostgreSQL and MariaDB (half each) under different
names, so the figures are dbpatrol's and Prefect's cost at fleet scale plus real queries, not
network latency. The instances are split into plans of ``--per-run`` instances; for each worker
count, `dbpatrol worker --limit L` processes are started on one pool, every plan is run at once,
and the wall time runs from the first run fired to the last run finished. Every process started
is stopped by its PID and both databases are dropped.

Measured on this 2-core machine (2026-12-01, shared: load average 5–9 from other sessions'
tests the whole time, so these are pessimistic), daily tier, plans of 10 instances, --limit 2:
- 40 instances (4 plans of 10): 1 worker 40.1 s (1.00 instances/s, 60 per worker per minute);
  2 workers 47.0 s (0.85 instances/s; runs 2 + 2): on one 2-core machine the CPU, not the worker
  slots, is the limit.
- 100 instances (10 plans of 10): 1 worker 167.1 s (0.60 instances/s, 36 per worker per minute).
  2 workers 143.8 s (0.70 instances/s, 21 per worker per minute; runs 4 + 6).
- 500 instances (50 plans of 10), run later (20:17–20:59, bench under `nice -n 10`, load average 8–13):
  1 worker 1093.5 s (0.46 instances/s, 27 per worker per minute, median inspection 3.18 s);
  2 workers 627.5 s (0.80 instances/s, 24 per worker per minute; runs 26 + 24; median 2.66 s);
  every run COMPLETED, 50 reports stored, 0 unreachable.
The table is in docs/fleet.md "Sizing".

Earlier in-process figure (2026-11-27, one flow run of 100 instances in this process, no worker,
concurrency 8): 8 s on a PostgreSQL-backed server, 33 s on ephemeral SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import yaml  # noqa: E402

from deployments import ops, stack  # noqa: E402

POOL = "dbpatrol-fleet-bench"


def dbpatrol_exe() -> str:
    return str(Path(sys.executable).with_name("dbpatrol"))


def inventory(path: Path, n: int) -> list[str]:
    instances = []
    for i in range(n):
        if i % 2:
            instances.append({"name": f"maria-{i:03d}", "engine": "mariadb", "port": 3306, "user": "root"})
        else:
            instances.append({"name": f"pg-{i:03d}", "engine": "postgresql", "port": 5432, "database": "test",
                              "user": "postgres"})
    path.write_text(yaml.safe_dump({"businesses": [{"name": "fleet", "hosts": [
        {"name": "local", "address": "127.0.0.1", "instances": instances}]}]}))
    return [i["name"] for i in instances]


async def read_runs(ids):
    from prefect import get_client

    async with get_client() as c:
        return [await c.read_flow_run(i) for i in ids]


def round_of(label: str, workers: int, plans: list[str], env: dict, tmp: Path, limit: int, store_url: str) -> dict:
    procs = []
    try:
        for w in range(workers):
            log = (tmp / f"{label}-w{w + 1}.log").open("w")
            procs.append(subprocess.Popen(
                [dbpatrol_exe(), "worker", "--pool", POOL, "--limit", str(limit), "--name", f"{label}-w{w + 1}",
                 "--query-seconds", "2"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                cwd=tmp))
        time.sleep(8)  # the workers' own start (imports, pool lookup): not part of a run's cost
        t0 = time.monotonic()
        ids = [ops.run_plan(p).id for p in plans]
        while True:
            runs = asyncio.run(read_runs(ids))
            if all(r.state and r.state.is_final() for r in runs):
                break
            if time.monotonic() - t0 > 1800:
                raise SystemExit("runs not finished after 30 min")
            time.sleep(1)
        wall = time.monotonic() - t0
    finally:
        for p in procs:
            stack.stop(p)
    import sqlalchemy as sa

    from dbpatrol.store_db import get_engine, reports_table

    with get_engine(store_url).connect() as conn:
        rows = conn.execute(sa.select(reports_table.c.flow_run_id, reports_table.c.results)
                            .where(reports_table.c.flow_run_id.in_([str(i) for i in ids]))).all()
    per, unreachable, inspected = [], 0, 0
    for _, results in rows:
        for inst in json.loads(results)["instances"]:
            inspected += 1
            unreachable += not inst["reachable"]
            per.append((dt.datetime.fromisoformat(inst["finished_at"]) - dt.datetime.fromisoformat(inst["started_at"])).total_seconds())
    states = {}
    for r in runs:
        states[r.state.type.value] = states.get(r.state.type.value, 0) + 1
    spread = {}
    for r in runs:
        w = r.labels.get("prefect.worker.name")
        spread[w] = spread.get(w, 0) + 1
    return {"workers": workers, "wall": wall, "inspected": inspected, "reports": len(rows), "states": states,
            "spread": spread, "unreachable": unreachable, "median": statistics.median(per) if per else 0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", type=int, default=40)
    ap.add_argument("--per-run", type=int, default=10, help="instances per plan (one flow run each)")
    ap.add_argument("--limit", type=int, default=2, help="flow runs at once per worker")
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-fleet-"))
    names = inventory(tmp / "inventory.yaml", args.instances)
    chunks = [names[i:i + args.per_run] for i in range(0, len(names), args.per_run)]
    tag = secrets.token_hex(4)
    prefect_db, store_db = f"dbpatrol_prefect_{tag}", f"dbpatrol_store_{tag}"
    port = stack.free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = stack.offline_env(PREFECT_API_URL=api, PREFECT_HOME=str(tmp / "prefect-home"),
                            DBPATROL_HOME=str(tmp / "home"), PREFECT_LOGGING_LEVEL="WARNING")
    server = None
    results = []
    try:
        db_url = stack.create_database(prefect_db)
        store_url = stack.create_database(store_db).replace("+asyncpg", "+psycopg")
        env["DBPATROL_STORE_URL"] = store_url
        server_env = dict(env)
        server_env.pop("PREFECT_API_URL")
        t0 = time.monotonic()
        server = subprocess.Popen([dbpatrol_exe(), "server", "--database-url", db_url, "--port", str(port)],
                                  env=server_env, stdout=(tmp / "server.log").open("w"), stderr=subprocess.STDOUT,
                                  start_new_session=True, cwd=tmp)
        ready = stack.wait_for_api(api, 180, server)
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{prefect_db}") as conn:
            tables = conn.execute("select count(*) from information_schema.tables where table_schema='public'").fetchone()[0]
        print(f"Prefect server on PostgreSQL ({prefect_db}): API up in {ready:.1f} s, {tables} tables in that database "
              f"(started {time.monotonic() - t0:.1f} s ago)")
        os.environ.update({k: v for k, v in env.items()})
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api}):
            for n_workers in [int(w) for w in args.workers.split(",")]:
                label = f"r{n_workers}"
                plans = [f"fleet-{label}-{i}" for i in range(len(chunks))]

                async def create(plans=plans):
                    for plan, chunk in zip(plans, chunks):
                        await ops.acreate_plan(name=plan, tier="daily", schedule='cron "0 3 1 1 *"', instances=chunk,
                                               window_days=1, formats=["json"], inventory=str(tmp / "inventory.yaml"),
                                               work_pool=POOL)

                asyncio.run(create())
                r = round_of(label, n_workers, plans, env, tmp, args.limit, store_url)
                results.append(r)
                print(f"{n_workers} worker(s): {r['inspected']} instances in {len(plans)} runs, wall {r['wall']:.1f} s, "
                      f"{r['inspected'] / r['wall']:.2f} instances/s, "
                      f"{r['inspected'] / r['wall'] * 60 / n_workers:.0f} instances per worker per minute; "
                      f"runs {r['states']} over {r['spread']}; reports stored {r['reports']}; "
                      f"median inspection {r['median']:.2f} s; unreachable {r['unreachable']}", flush=True)
    finally:
        stack.stop(server)
        from dbpatrol.store_db import dispose_all

        dispose_all()
        stack.drop_database(prefect_db)
        stack.drop_database(store_db)
    print(f"instances {args.instances}, plans of {args.per_run}, --limit {args.limit}, load average "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
