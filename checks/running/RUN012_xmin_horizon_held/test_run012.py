"""RUN012 on a private cluster (nobody else's sessions hold its horizon, so before/after is exact).

The review's reproduction: a READ COMMITTED session that wrote and sits idle in transaction has
backend_xid set and backend_xmin NULL — the commonest holder, which the old SQL missed; with a
blocked waiter behind it the old check blamed the victim. Also a REPEATABLE READ snapshot, and the
time a horizon is held (held_s) judged on its own.
"""

from __future__ import annotations

import time

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import Background, held_snapshot, is_waiting_on_lock, open_write_transaction, run, wait_for

pytestmark = pytest.mark.timeout(120)

MON = "dbp_run012_mon"
TABLE = "dbp_run012_t"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters()
    c.sql(f"CREATE ROLE {MON} LOGIN IN ROLE pg_monitor")  # exactly RUN012's declared privilege
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
