"""RUN004 live: a statement that keeps running (a sleep), timed by the test's own clock; and the
per-account remediation commands, run for real on a scratch account.

PostgreSQL runs on a private cluster (only the planted statement runs there); MariaDB on the shared
server, where the assertions name the planted statement only.
"""

from __future__ import annotations

import secrets
import time

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.harness import MON_USER, pg_grants
from tests.live import REG, Background, assert_not_breaching, cancel, evidence_ids, is_running, run, wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "RUN004"
ONE_S = {"runtime_s": {"warning": 1, "critical": 3600}}


@pytest.fixture(scope="module")
def pg(pg_clusters):
    cluster = pg_clusters()
    cluster.sql(f"CREATE ROLE {MON_USER} LOGIN")
    privilege = REG.get(CODE).spec.support("postgresql").privilege
    for grant in pg_grants({p.strip() for p in privilege.split(",")}):
        cluster.sql(grant)
    admin = cluster.engine()
    yield cluster, admin, ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON_USER)
    admin.dispose()


def row_for(finding, pid) -> dict:
    assert finding.outcome is not Outcome.ERROR, finding.message.en
    return next(r for r in finding.evidence if str(r["pid"]) == str(pid))


def test_pg_long_statement_with_its_runtime_and_account(pg):
    cluster, admin, target = pg
    with open_session(target) as s:
        assert run(s, CODE).evidence == []  # our own statement is not counted
        q = Background(admin, "postgresql", "SELECT pg_sleep(60)")
        with q:
            try:
                t0 = time.monotonic()
                wait_for(lambda: is_running(admin, "postgresql", q.pid), what="the sleeping query")
                f = run(s, CODE)
                assert f.outcome is Outcome.OK and evidence_ids(f, "pid") == {str(q.pid)}, f.message.en
                f = run(s, CODE, ONE_S)
                row = row_for(f, q.pid)
                assert 1 <= row["runtime_s"] <= time.monotonic() - t0 + 1.5
                assert (row["query"], row["wait_event"], row["account"]) == (
                    "SELECT pg_sleep(60)", "Timeout:PgSleep", "postgres@127.0.0.1")
                assert f.outcome is Outcome.WARNING and f"pid {q.pid}" in f.message.en, f.message.en
                assert [o.key for o in f.objects] == ["postgres@127.0.0.1"]
            finally:
                cancel(admin, "postgresql", q.pid)
        wait_for(lambda: run(s, CODE).evidence == [], 5, "the statement to end")


def test_mariadb_long_statement_with_its_runtime_and_account(my_session, my_admin):
    q = Background(my_admin, "mariadb", "SELECT SLEEP(60)")
    with q:
        try:
            t0 = time.monotonic()
            wait_for(lambda: is_running(my_admin, "mariadb", q.pid), what="the sleeping query")
            assert_not_breaching(run(my_session, CODE), "pid", q.pid)
            f = run(my_session, CODE, ONE_S)
            row = row_for(f, q.pid)
            assert 1 <= row["runtime_s"] <= time.monotonic() - t0 + 1.5
            assert row["query"] == "SELECT SLEEP(60)" and row["wait_event"] == "User sleep"
            assert row["account"] == "root@127.0.0.1" and row["client"].startswith("127.0.0.1:")
            assert f.outcome is Outcome.WARNING, f.message.en
        finally:
            cancel(my_admin, "mariadb", q.pid)
    wait_for(lambda: str(q.pid) not in evidence_ids(run(my_session, CODE), "pid"), 5, "the statement to end")


def _command(engine: str, starts: str) -> str:
    commands = REG.get(CODE).spec.remediation.commands[engine]
    return next(c for c in commands if c.startswith(starts)).split(";")[0]


def test_remediation_limits_one_account_not_the_server(pg, my_admin):
    """The statement limits the remediation gives are valid and apply to one account only."""
    cluster, admin, _ = pg
    role = f"dbp_run_{secrets.token_hex(3)}"
    cluster.sql(f"CREATE ROLE {role} LOGIN")
    cluster.sql(_command("postgresql", "ALTER ROLE").replace("<app_role>", role))
    assert cluster.sql(f"SELECT setconfig::text FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole "
                       f"WHERE r.rolname = '{role}'") == "{statement_timeout=5min}"
    assert cluster.sql("SHOW statement_timeout") == "0"  # the server-wide setting is untouched

    user = f"dbp_run_{secrets.token_hex(3)}"
    with my_admin.connect() as c:
        c.exec_driver_sql(f"CREATE USER '{user}'@'127.0.0.1'")
        try:
            before = c.exec_driver_sql("SELECT @@GLOBAL.max_statement_time").scalar()
            c.exec_driver_sql(_command("mariadb", "ALTER USER").replace("<app_user>", user).replace("<host>", "127.0.0.1"))
            limit = c.exec_driver_sql(f"SELECT max_statement_time FROM mysql.user WHERE user = '{user}'").scalar()
            assert float(limit) == 300
            assert c.exec_driver_sql("SELECT @@GLOBAL.max_statement_time").scalar() == before
        finally:
            c.exec_driver_sql(f"DROP USER '{user}'@'127.0.0.1'")
