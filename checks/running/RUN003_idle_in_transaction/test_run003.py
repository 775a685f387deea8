"""RUN003 live: sessions that wrote and then sit idle inside their open transaction.

PostgreSQL runs on a private cluster, so the sessions seen are exactly those planted here (their
number is judged too); MariaDB runs on the shared server, where the assertions name the planted
session only. Ages are checked against the test's own clock.
"""

from __future__ import annotations

import contextlib
import time

import pytest
import sqlalchemy as sa

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.harness import MON_USER, pg_grants
from tests.live import REG, assert_not_breaching, backend_id, evidence_ids, open_write_transaction, run, tx_engine, wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "RUN003"
TABLE = "dbp_run003"
ONE_S = {"idle_s": {"warning": 1, "critical": 3600}}


@pytest.fixture(scope="module")
def pg(pg_clusters):
    cluster = pg_clusters()
    cluster.sql(f"CREATE TABLE {TABLE} (id int PRIMARY KEY, v int NOT NULL)")
    cluster.sql(f"INSERT INTO {TABLE} SELECT g, 0 FROM generate_series(1, 10) g")
    cluster.sql(f"CREATE ROLE {MON_USER} LOGIN")
    privilege = REG.get(CODE).spec.support("postgresql").privilege
    for grant in pg_grants({p.strip() for p in privilege.split(",")}):
        cluster.sql(grant)
    admin = cluster.engine()
    yield admin, ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON_USER)
    admin.dispose()


def row_for(finding, pid) -> dict:
    assert finding.outcome is not Outcome.ERROR, finding.message.en
    return next(r for r in finding.evidence if str(r["pid"]) == str(pid))


@contextlib.contextmanager
def aborted_transaction(admin):
    """A PostgreSQL session whose transaction failed and was neither rolled back nor committed."""
    eng = tx_engine(admin)
    conn = eng.connect()
    try:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with pytest.raises(sa.exc.DBAPIError):
            conn.exec_driver_sql("SELECT 1 / 0")
        yield pid
    finally:
        with contextlib.suppress(Exception):
            conn.rollback()
        conn.close()
        eng.dispose()


@contextlib.contextmanager
def staged_idle_transaction(admin, engine: str = "postgresql", table: str = TABLE):
    """Connect, wait 1 s, write (the transaction starts), wait 1 s, read (its last statement), then sit idle:
    idle time, transaction age and connection age each differ by a second. Yields (pid, when idle began)."""
    eng = tx_engine(admin)
    conn = eng.connect()
    try:
        pid = backend_id(conn, engine)
        conn.rollback()
        time.sleep(1)
        conn.exec_driver_sql(f"UPDATE {table} SET v = v + 1 WHERE id = 1")
        time.sleep(1)
        conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
        yield pid, time.monotonic()
    finally:
        with contextlib.suppress(Exception):
            conn.rollback()
        conn.close()
        eng.dispose()


def test_pg_idle_transaction_with_its_age_and_account(pg):
    admin, target = pg
    with open_session(target) as s:
        assert run(s, CODE).evidence == []
        with staged_idle_transaction(admin) as (pid, idle_since), aborted_transaction(admin) as failed:
            time.sleep(1.2)
            f = run(s, CODE)  # 1 s idle: far below the 60 s default
            assert f.outcome is Outcome.OK and evidence_ids(f, "pid") == {str(pid), str(failed)}, f.message.en
            f = run(s, CODE, ONE_S)
            idle = time.monotonic() - idle_since
            row = row_for(f, pid)
            assert row["state"] == "idle in transaction" and row["account"] == "postgres@127.0.0.1"
            # idle since its last statement; the transaction began a second before that
            assert 1 <= row["idle_s"] <= idle + 0.5, (row, idle)
            assert idle + 0.5 <= row["xact_age_s"] <= idle + 1.5, (row, idle)
            assert row_for(f, failed)["state"] == "idle in transaction (aborted)"
            assert f.outcome is Outcome.WARNING and "idle in transaction" in f.message.en, f.message.en
            assert f"pid {f.evidence[0]['pid']}" in f.message.en
            assert [(o.key, o.outcome) for o in f.objects] == [("postgres@127.0.0.1", Outcome.WARNING)]
        wait_for(lambda: run(s, CODE).evidence == [], 5, "the idle transactions to end")


def test_pg_number_of_idle_transactions(pg):
    admin, target = pg
    three = {"idle_sessions": {"warning": 3, "critical": None}}
    with open_session(target) as s, contextlib.ExitStack() as stack:
        assert run(s, CODE, three).evidence == []
        pids = []
        for n, row in ((1, 4), (2, 5), (3, 6)):
            pids.append(stack.enter_context(open_write_transaction(admin, "postgresql", TABLE, row=row)))
            f = run(s, CODE, three)
            assert evidence_ids(f, "pid") == {str(p) for p in pids}
            assert f.outcome is (Outcome.WARNING if n == 3 else Outcome.OK), f.message.en
        assert f.message.en.startswith("3 sessions idle in a transaction at once (threshold 3)"), f.message.en
        assert run(s, CODE).outcome is Outcome.OK  # three young ones: below the default 100


def test_mariadb_idle_transaction_names_the_session_and_its_account(my_session, my_admin, my_table):
    with staged_idle_transaction(my_admin, "mariadb", my_table) as (pid, idle_since):
        time.sleep(1.2)
        assert_not_breaching(run(my_session, CODE), "pid", pid)  # 1 s is far below the 60 s default
        f = run(my_session, CODE, ONE_S)
        idle = time.monotonic() - idle_since
        row = row_for(f, pid)
        assert row["state"] == "idle in transaction (RUNNING)"
        assert row["account"] == "root@127.0.0.1" and row["client"].startswith("127.0.0.1:")
        # whole seconds: idle since the last statement, the transaction a second older
        assert 1 <= row["idle_s"] <= idle + 1 and row["xact_age_s"] >= row["idle_s"] + 1, (row, idle)
        assert f.outcome is Outcome.WARNING, f.message.en
        assert "root@127.0.0.1" in {o.key for o in f.objects}
    wait_for(lambda: str(pid) not in evidence_ids(run(my_session, CODE), "pid"), 5, "the idle transaction to end")
