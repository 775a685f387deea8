"""RUN006 live: open transactions — one idle after a write, one busy in a long statement — aged by
the test's own clock.

PostgreSQL runs on a private cluster (only the planted transactions exist there); MariaDB on the
shared server, where the assertions name the planted transaction only. The same idle transaction is
also RUN003's finding (one root cause, two checks: the score does not group them yet).
"""

from __future__ import annotations

import threading
import time

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.harness import MON_USER, pg_grants
from tests.live import (
    REG, Background, assert_not_breaching, cancel, evidence_ids, is_running, open_write_transaction, run, wait_for,
)

pytestmark = pytest.mark.timeout(120)

CODE = "RUN006"
TABLE = "dbp_run006"
ONE_S = {"xact_age_s": {"warning": 1, "critical": 3600}}


@pytest.fixture(scope="module")
def pg(pg_clusters):
    cluster = pg_clusters()
    cluster.sql(f"CREATE TABLE {TABLE} (id int PRIMARY KEY, v int NOT NULL)")
    cluster.sql(f"INSERT INTO {TABLE} VALUES (1, 0), (2, 0)")
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


def test_pg_open_transactions_idle_and_active(pg):
    admin, target = pg
    with open_session(target) as s:
        assert run(s, CODE).evidence == []  # our own read-only transaction is not counted
        with open_write_transaction(admin, "postgresql", TABLE, row=1) as idle:
            idle_began = time.monotonic()
            time.sleep(0.5)  # the idle one is the older
            # a transaction that writes, and 1.5 s later starts a long statement: its age is not the statement's
            busy = Background(admin, "postgresql", "SELECT pg_sleep(60)", ("BEGIN", f"UPDATE {TABLE} SET v = 1 WHERE id = 2"))
            busy_began = time.monotonic()
            time.sleep(1.5)
            busy.__enter__()
            try:
                wait_for(lambda: is_running(admin, "postgresql", busy.pid), what="the busy transaction")
                f = run(s, CODE)  # seconds old: far below the 1800 s default
                assert f.outcome is Outcome.OK and evidence_ids(f, "pid") == {str(idle), str(busy.pid)}, f.message.en
                f = run(s, CODE, ONE_S)
                checked = time.monotonic()
                assert row_for(f, idle)["state"] == "idle in transaction"
                assert row_for(f, busy.pid)["state"] == "active"
                assert row_for(f, busy.pid)["query"] == "SELECT pg_sleep(60)"
                for pid, began in ((idle, idle_began), (busy.pid, busy_began)):
                    age = checked - began
                    assert age - 0.6 <= row_for(f, pid)["xact_age_s"] <= age + 0.6, (pid, row_for(f, pid), age)
                assert f.outcome is Outcome.WARNING and f"oldest pid {idle}" in f.message.en, f.message.en
                assert [o.key for o in f.objects] == ["postgres@127.0.0.1"]
            finally:
                cancel(admin, "postgresql", busy.pid)
                busy.__exit__(None, None, None)
        wait_for(lambda: run(s, CODE).evidence == [], 5, "the transactions to end")



def test_pg_a_running_vacuum_is_not_a_long_transaction(pg, pg_clusters):
    """A manual VACUUM is a client backend whose transaction lasts as long as the table takes (hours on a big
    one); it holds nothing back. Neither it nor an autovacuum worker is a long transaction to terminate."""
    admin, target = pg
    with admin.connect() as c:
        c = c.execution_options(isolation_level="AUTOCOMMIT")
        c.exec_driver_sql("CREATE TABLE IF NOT EXISTS dbp_run006_big AS SELECT g AS id, repeat('x', 200) AS pad "
                          "FROM generate_series(1, 200000) g")
        c.exec_driver_sql("DELETE FROM dbp_run006_big WHERE id %% 2 = 0")
    conn = admin.connect().execution_options(isolation_level="AUTOCOMMIT")  # VACUUM runs outside a transaction
    conn.exec_driver_sql("SET vacuum_cost_delay = '50ms'")
    conn.exec_driver_sql("SET vacuum_cost_limit = 1")
    vac = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()

    def vacuum():
        try:
            conn.exec_driver_sql("VACUUM (INDEX_CLEANUP OFF) dbp_run006_big")
        except Exception:  # noqa: BLE001 - cancelled at the end of the test
            pass

    worker = threading.Thread(target=vacuum, daemon=True)
    worker.start()
    try:
        def vacuuming():
            with admin.connect() as c:
                return c.exec_driver_sql(f"SELECT count(*) FROM pg_stat_progress_vacuum WHERE pid = {vac}").scalar()
        wait_for(vacuuming, what="the VACUUM to run")
        time.sleep(1.2)
        with open_session(target) as s:
            f = run(s, CODE, ONE_S)
        assert str(vac) not in evidence_ids(f, "pid") and f.outcome is Outcome.OK, f.evidence
    finally:
        cancel(admin, "postgresql", vac)
        worker.join(timeout=30)
        conn.close()

def test_mariadb_open_transaction_names_the_session(my_session, my_admin, my_table):
    with open_write_transaction(my_admin, "mariadb", my_table, row=1) as pid:
        t0 = time.monotonic()
        time.sleep(1.2)
        assert_not_breaching(run(my_session, CODE), "pid", pid)
        f = run(my_session, CODE, ONE_S)
        row = row_for(f, pid)
        assert row["state"] == "RUNNING / Sleep" and row["account"] == "root@127.0.0.1"
        assert 1 <= row["xact_age_s"] <= time.monotonic() - t0 + 1
        assert f.outcome is Outcome.WARNING, f.message.en
        assert "root@127.0.0.1" in {o.key for o in f.objects}
    wait_for(lambda: str(pid) not in evidence_ids(run(my_session, CODE), "pid"), 5, "the transaction to end")
