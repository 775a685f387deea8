"""RUN012 on a private cluster (nobody else's sessions hold its horizon, so before/after is exact).

The review's reproduction: a READ COMMITTED session that wrote and sits idle in transaction has
backend_xid set and backend_xmin NULL — the commonest holder, which the old SQL missed; with a
blocked waiter behind it the old check blamed the victim. Also a REPEATABLE READ snapshot, and the
time a horizon is held (held_s) judged on its own.
"""

from __future__ import annotations

import threading
import time

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import (Background, declared_grants, held_snapshot, is_waiting_on_lock, open_write_transaction, run,
                        wait_for)

pytestmark = pytest.mark.timeout(120)

MON = "dbp_run012_mon"
TABLE = "dbp_run012_t"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters()
    c.sql(f"CREATE ROLE {MON} LOGIN")
    for grant in declared_grants("RUN012", MON):  # exactly RUN012's declared privilege
        c.sql(grant)
    c.sql(f"CREATE TABLE {TABLE} (id int PRIMARY KEY, v int NOT NULL)")
    c.sql(f"INSERT INTO {TABLE} VALUES (1, 0), (2, 0)")
    return c


@pytest.fixture
def mon(cluster):
    s = open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON))
    yield s
    s.close()


@pytest.fixture
def admin(cluster):
    eng = cluster.engine()
    yield eng
    eng.dispose()


def burn_xids(admin, n: int) -> None:
    with admin.connect() as c:
        for _ in range(n):
            c.exec_driver_sql("SELECT txid_current()")  # autocommit: one XID each


def holder_row(finding, pid):
    return next((r for r in finding.evidence if r["holder"] == str(pid)), None)


def test_read_committed_writer_idle_in_transaction(mon, admin):
    lowered = {"held_s": {"warning": 1, "critical": 3600}}
    before = run(mon, "RUN012", lowered)
    assert before.outcome is Outcome.OK and before.evidence == [], before.evidence
    with open_write_transaction(admin, "postgresql", TABLE) as pid:
        burn_xids(admin, 5)
        f = run(mon, "RUN012")  # at the defaults: 6 XIDs and 0 s are no problem
        assert f.outcome is Outcome.OK, f.message.en
        row = holder_row(f, pid)
        assert row is not None, "the idle writer (backend_xid set, backend_xmin NULL) is a holder"
        assert row["holder_type"] == "client backend" and row["xmin_age"] >= 6
        assert "idle in transaction, wrote (xid" in row["detail"] and "snapshot" not in row["detail"]
        time.sleep(1.2)
        f = run(mon, "RUN012", lowered)
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f.message.en.startswith(f"client backend {pid} (postgres, postgres) holds the xmin horizon "
                                       f"{holder_row(f, pid)['xmin_age']} transactions back for")
        assert holder_row(f, pid)["held_s"] >= 1
    assert run(mon, "RUN012", lowered).evidence == []


def test_blocked_waiter_is_not_blamed(mon, admin):
    lowered = {"held_s": {"warning": 1, "critical": 3600}}
    with open_write_transaction(admin, "postgresql", TABLE, row=2) as holder:
        time.sleep(1.1)  # the holder's transaction is older by a second
        with Background(admin, "postgresql", f"UPDATE {TABLE} SET v = v + 10 WHERE id = 2",
                        ("SET lock_timeout = '20s'",)) as waiter:
            wait_for(lambda: is_waiting_on_lock(admin, "postgresql", waiter.pid), what="the lock wait")
            time.sleep(1.1)
            f = run(mon, "RUN012", lowered)
            ages = {r["holder"]: r["xmin_age"] for r in f.evidence}
            assert ages[str(holder)] == ages[str(waiter.pid)], ages  # the waiter's snapshot starts at the holder's xid
            assert f.evidence[0]["holder"] == str(holder), f.evidence
            assert f.message.en.startswith(f"client backend {holder} "), f.message.en
            with admin.connect() as c:
                c.exec_driver_sql(f"SELECT pg_cancel_backend({waiter.pid})")


def test_repeatable_read_snapshot_by_xid_age(mon, admin):
    lowered = {"xmin_age": {"warning": 5, "critical": 1_000_000}}
    assert run(mon, "RUN012", lowered).outcome is Outcome.OK
    with held_snapshot(admin, TABLE) as pid:
        burn_xids(admin, 6)
        f = run(mon, "RUN012", lowered)
        row = holder_row(f, pid)
        assert f.outcome is Outcome.WARNING, f.message.en
        assert row["detail"] == "idle in transaction, snapshot" and row["xmin_age"] >= 6
        assert f"holds the xmin horizon {row['xmin_age']} transactions back" in f.message.en
        assert [o.key for o in f.objects] == [f"client backend.{pid}"]



def test_a_running_vacuum_is_not_a_holder(mon, admin, cluster):
    """A lazy VACUUM shows a backend_xmin (and an old xact_start on a big table) but the horizon ignores it:
    another VACUUM's removable cutoff passes it. Listed, it would warn after 30 min of vacuuming."""
    lowered = {"held_s": {"warning": 1, "critical": 3600}}
    cluster.sql("CREATE TABLE IF NOT EXISTS dbp_run012_big AS SELECT g AS id, repeat('x', 200) AS pad "
                "FROM generate_series(1, 200000) g")
    cluster.sql("DELETE FROM dbp_run012_big WHERE id %% 2 = 0")
    conn = admin.connect().execution_options(isolation_level="AUTOCOMMIT")  # VACUUM runs outside a transaction
    conn.exec_driver_sql("SET vacuum_cost_delay = '50ms'")
    conn.exec_driver_sql("SET vacuum_cost_limit = 1")  # a crawl: seconds of scanning with a snapshot
    vac = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    worker = threading.Thread(target=_vacuum, args=(conn,), daemon=True)
    worker.start()
    try:
        wait_for(lambda: cluster.sql(f"SELECT backend_xmin IS NOT NULL FROM pg_stat_activity a "
                                     f"JOIN pg_stat_progress_vacuum v USING (pid) WHERE pid = {vac}"),
                 what="the VACUUM to scan with a backend_xmin")
        time.sleep(1.2)
        f = run(mon, "RUN012", lowered)
        assert holder_row(f, vac) is None, f.evidence
        assert f.outcome is Outcome.OK, f.message.en
        with held_snapshot(admin, TABLE) as pid:  # a real holder beside it still is one
            time.sleep(1.2)
            f = run(mon, "RUN012", lowered)
            assert holder_row(f, pid) is not None and holder_row(f, vac) is None, f.evidence
            assert f.outcome is Outcome.WARNING, f.message.en
    finally:
        cluster.sql(f"SELECT pg_cancel_backend({vac})")
        worker.join(timeout=30)
        conn.close()


def _vacuum(conn):
    try:
        conn.exec_driver_sql("VACUUM (INDEX_CLEANUP OFF) dbp_run012_big")
    except Exception:  # noqa: BLE001 - cancelled at the end of the test
        pass
