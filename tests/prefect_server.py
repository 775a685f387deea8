"""The session's real Prefect server (on the local PostgreSQL) and process worker, shared by every
module that needs one (tests/test_plans_server.py, tests/test_notify.py): registered as a fixture by
the tests.harness plugin, so it starts once per test session, whichever module asks first.

``prefect_stack`` starts `prefect server start` on a free loopback port with a throwaway PREFECT_HOME
and a fresh database `dbpatrol_prefect_<random>`, and `prefect worker start --pool dbpatrol`; it
stops both by PID and drops the database at teardown. A module points its in-process clients at it
with ``temporary_settings(updates={PREFECT_API_URL: prefect_stack.api})`` (see either module).
"""

from __future__ import annotations

import asyncio
import secrets
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from deployments import stack


def _pg_up() -> bool:
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001
        return False


# A graceful stop of the throwaway server took 7.4 s at load ~12 (the worker 3 s): nothing here needs
# it (its database is dropped WITH (FORCE), its PREFECT_HOME is a tmp dir), so it is bounded.
STOP_S = 2.0


class Stack:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.db = f"dbpatrol_prefect_{secrets.token_hex(4)}"
        self.port = stack.free_port()
        self.api = f"http://127.0.0.1:{self.port}/api"
        self.home = tmp / "prefect-home"
        self.dbpatrol_home = tmp / "dbpatrol-home"
        self.inventory = tmp / "inventory.yaml"
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    def env(self, **extra) -> dict[str, str]:
        return stack.offline_env(PREFECT_API_URL=self.api, PREFECT_HOME=str(self.home),
                                 DBPATROL_HOME=str(self.dbpatrol_home), PREFECT_LOGGING_LEVEL="INFO", **extra)

    def start(self, name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = self.tmp / f"{name}.log"
        self.logs[name] = log
        proc = subprocess.Popen(cmd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=self.tmp)
        self.procs[name] = proc
        return proc

    def start_worker(self, name: str, pool: str = "dbpatrol") -> None:
        self.start(name, stack.worker_command(pool, limit=4, name=name),
                   self.env(PREFECT_WORKER_QUERY_SECONDS="2"))


@pytest.fixture(scope="session")
def prefect_stack(tmp_path_factory):
    if not _pg_up():
        pytest.fail("the local PostgreSQL (127.0.0.1:5432, user postgres) is not running: bash .ci/run starts it")
    from prefect.settings import PREFECT_API_URL, temporary_settings

    s = Stack(tmp_path_factory.mktemp("plans"))
    s.home.mkdir()
    s.inventory.write_text(yaml.safe_dump({"businesses": [
        {"name": "demo", "hosts": [{"name": "localhost", "address": "127.0.0.1", "instances": [
            {"name": "pg-local", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres"}]}]},
        {"name": "other", "hosts": [{"name": "otherhost", "address": "127.0.0.1", "instances": [
            {"name": "pg-other", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres"}]}]},
    ]}))
    url = stack.create_database(s.db)
    try:
        server = s.start("server", stack.server_command("127.0.0.1", s.port), stack.server_env(
            url, str(s.home), base=s.env(), PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2"))
        s.ready_s = stack.wait_for_api(s.api, 120, server)
        with temporary_settings(updates={PREFECT_API_URL: s.api}):
            asyncio.run(stack.aensure_pool("dbpatrol"))
        s.start_worker("worker")
        yield s
    finally:
        for name in reversed(list(s.procs)):  # throwaway processes: SIGINT, then SIGKILL after STOP_S
            stack.stop(s.procs[name], timeout=STOP_S)
        stack.drop_database(s.db)


def wait_for(predicate, timeout: float, every: float = 1.0, what: str = "condition"):
    """Poll ``predicate`` until it returns something true (returned) or ``timeout`` seconds pass
    (AssertionError naming ``what``): Prefect's server works asynchronously, tests never sleep blind."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
