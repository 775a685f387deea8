"""A fleet: two process workers on one pool, several plan runs fired at once on overlapping instances
(issue 15 item 2, docs/fleet.md).

On the session's real Prefect server (tests/prefect_server.py: `prefect server start` on the local
PostgreSQL, its own scratch database), this module starts two workers of its own (``fleet-w1``,
``fleet-w2``, `--limit 2` each) on a pool of its own, with the report store on PostgreSQL too
(a scratch database ``dbpatrol_store_<random>``). Four plans inspect overlapping instances; all
four are run at once. It shows:

* the runs spread over both workers (the ``prefect.worker.name`` label the worker puts on each run);
* no instance inspected by two runs at the same time: the per-instance inspection intervals
  (started/finished in the stored reports) of one instance never overlap, because each inspection
  holds the tag concurrency limit ``db:<instance>`` (limit 1) that the runner created;
* every report stored once (one row per flow run in the store, each instance once in it).

Both workers are stopped by PID and the scratch database dropped at the end of the module.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from itertools import combinations

import pytest
import yaml

from deployments import ops, stack
from tests.prefect_server import STOP_S, wait_for

pytestmark = [pytest.mark.server, pytest.mark.timeout(240)]

POOL = "dbpatrol-fleet-test"
PG = {"engine": "postgresql", "port": 5432, "database": "test", "user": "postgres"}
INSTANCES = {"fleet-a": PG, "fleet-b": PG, "fleet-c": PG,
             "fleet-m": {"engine": "mariadb", "port": 3306, "user": "root"}}
PLANS = {  # overlapping on purpose: every instance is in at least two plans
    "fleet-1": ["fleet-a", "fleet-b"],
    "fleet-2": ["fleet-b", "fleet-c"],
    "fleet-3": ["fleet-c", "fleet-a", "fleet-m"],
    "fleet-4": ["fleet-m", "fleet-b", "fleet-a"],
}


@pytest.fixture(scope="module")
def fleet(prefect_stack, tmp_path_factory):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    s = prefect_stack
    tmp = tmp_path_factory.mktemp("fleet")
    inventory = tmp / "inventory.yaml"
    inventory.write_text(yaml.safe_dump({"businesses": [{"name": "fleet", "hosts": [
        {"name": "local", "address": "127.0.0.1",
         "instances": [{"name": n, **spec} for n, spec in INSTANCES.items()]}]}]}))
    store_db = f"dbpatrol_store_{secrets.token_hex(4)}"
    workers = []
    try:
        store_url = stack.create_database(store_db).replace("+asyncpg", "+psycopg")
        env = s.env(PREFECT_WORKER_QUERY_SECONDS="1", DBPATROL_STORE_URL=store_url) | {"DBPATROL_HOME": str(tmp / "home")}
        with temporary_settings(updates={PREFECT_API_URL: s.api}):
            asyncio.run(stack.aensure_pool(POOL))
            for name in ("fleet-w1", "fleet-w2"):
                workers.append(s.start(name, stack.worker_command(POOL, limit=2, name=name), env))
                s.procs.pop(name)  # ours: stopped below, not at the session's end
            yield {"inventory": str(inventory), "store_url": store_url, "stack": s}
            for plan in PLANS:
                asyncio.run(ops.adelete_plan(plan))
    finally:
        for proc in workers:  # idle by now; SIGINT, then SIGKILL after STOP_S
            stack.stop(proc, timeout=STOP_S)
        from dbpatrol.store_db import dispose_all

        dispose_all()
        stack.drop_database(store_db)


def _read_run(run_id):
    from prefect import get_client

    async def read():
        async with get_client() as c:
            return await c.read_flow_run(run_id)

    return asyncio.run(read())


def _stored(store_url: str) -> list[dict]:
    import sqlalchemy as sa

    from dbpatrol.store_db import get_engine, reports_table

    with get_engine(store_url).connect() as conn:
        rows = conn.execute(sa.select(reports_table.c.flow_run_id, reports_table.c.plan, reports_table.c.results))
        return [{"flow_run_id": r[0], "plan": r[1], "results": json.loads(r[2])} for r in rows]


def test_plan_runs_spread_over_two_workers_and_never_inspect_an_instance_twice_at_once(fleet):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: fleet["stack"].api}):
        async def create():  # a yearly cron: the runs here are the immediate ones
            await asyncio.gather(*(ops.acreate_plan(
                name=plan, tier="daily", schedule='cron "0 3 1 1 *"', instances=names, window_days=1,
                formats=["json"], inventory=fleet["inventory"], work_pool=POOL) for plan, names in PLANS.items()))

        asyncio.run(create())
        run_ids = {plan: ops.run_plan(plan).id for plan in PLANS}  # fired at once, nobody waits

        def finished():
            runs = {plan: _read_run(rid) for plan, rid in run_ids.items()}
            return runs if all(r.state and r.state.is_final() for r in runs.values()) else None

        runs = wait_for(finished, 150, 1, what="the four plan runs to finish")

    assert {p: r.state.type.value for p, r in runs.items()} == {p: "COMPLETED" for p in PLANS}
    by_worker = {p: r.labels.get("prefect.worker.name") for p, r in runs.items()}
    assert set(by_worker.values()) == {"fleet-w1", "fleet-w2"}, by_worker

    stored = _stored(fleet["store_url"])
    ids = [row["flow_run_id"] for row in stored]
    assert sorted(ids) == sorted(str(r.id) for r in runs.values()), "every run's report stored once"
    intervals: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = {}
    for row in stored:
        insts = row["results"]["instances"]
        assert sorted(i["name"] for i in insts) == sorted(PLANS[row["plan"]])
        for i in insts:
            assert i["reachable"], (i["name"], i.get("cause"))
            intervals.setdefault(i["name"], []).append(
                (dt.datetime.fromisoformat(i["started_at"]), dt.datetime.fromisoformat(i["finished_at"]), row["plan"]))
    assert {n: len(v) for n, v in intervals.items()} == {n: sum(n in v for v in PLANS.values()) for n in INSTANCES}
    for name, spans in intervals.items():
        for (s1, f1, p1), (s2, f2, p2) in combinations(spans, 2):
            assert f1 <= s2 or f2 <= s1, f"{name} inspected by {p1} ({s1}–{f1}) and {p2} ({s2}–{f2}) at once"

    from prefect import get_client

    async def limits():
        async with get_client() as c:
            return {n: (await c.read_concurrency_limit_by_tag(f"db:{n}")).concurrency_limit for n in INSTANCES}

    with temporary_settings(updates={PREFECT_API_URL: fleet["stack"].api}):
        assert asyncio.run(limits()) == {n: 1 for n in INSTANCES}
