"""RUN005 live: real lock chains — a row lock and a metadata lock behind an open transaction.

PostgreSQL runs on a private cluster so the number of blocked sessions is exactly the number planted
here; MariaDB runs on the shared server (its assertions name the planted sessions only). Every wait
is timed by the test's own clock, and the PostgreSQL 14+ wait (pg_locks.waitstart) is told apart from
the statement's age by a statement that sleeps before it has to wait.
"""

from __future__ import annotations

import time

import pytest

from checks.adapters import ConnectTarget, open_session
from checks.execute import judge_rows
from checks.judges import JudgeContext
from dbpatrol.results import Outcome
from tests.harness import MON_USER, pg_grants
from tests.live import (REG, Background, cancel, evidence_ids, is_waiting_on_lock, open_write_transaction, run, wait_for,
                        window)

pytestmark = pytest.mark.timeout(120)

CODE = "RUN005"
TABLE = "dbp_run005"


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
    yield cluster, admin, ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON_USER)
    admin.dispose()


class LockChain:
    """A transaction holding a row lock, and statements made to wait behind it (``add``).

    Leaving the block ends the holder first and then joins the waiters, each of which finishes once
    the one before it is rolled back.
    """

    def __init__(self, admin, engine: str, table: str, row: int):
        self.admin, self.engine = admin, engine
        self._holder = open_write_transaction(admin, engine, table, row=row)
        self.waiters: list[Background] = []

    def __enter__(self):
        self.holder_pid = self._holder.__enter__()
        return self

    def add(self, sql: str, setup=(), waiting=None) -> tuple[Background, float]:
        b = Background(self.admin, self.engine, sql, setup)
        b.__enter__()
        self.waiters.append(b)
        wait_for(lambda: (waiting or is_waiting_on_lock)(self.admin, self.engine, b.pid), what="the lock wait")
        return b, time.monotonic()

    def __exit__(self, *exc):
        self._holder.__exit__(None, None, None)
        for b in self.waiters:
            b.__exit__(None, None, None)


PG_SETUP = ("SET lock_timeout = '30s'",)
MY_SETUP = ("SET SESSION innodb_lock_wait_timeout = 30", "SET SESSION lock_wait_timeout = 30")


def row_for(finding, pid) -> dict:
    assert finding.outcome is not Outcome.ERROR, finding.message.en
    return next(r for r in finding.evidence if str(r["blocked_pid"]) == str(pid))


def test_pg_wait_is_measured_from_when_it_began_not_from_the_statement_start(pg):
    cluster, admin, target = pg
    with open_session(target) as s:
        assert run(s, CODE).evidence == [] and run(s, CODE).outcome is Outcome.OK  # nothing blocked yet
        with LockChain(admin, "postgresql", TABLE, row=2) as chain:
            # the statement sleeps 2 s, then has to wait for the holder's row lock
            b, began = chain.add(f"DO $$ BEGIN PERFORM pg_sleep(2); UPDATE {TABLE} SET v = v + 10 WHERE id = 2; END $$",
                                 PG_SETUP)
            time.sleep(1.5)
            f = run(s, CODE, {"wait_s": {"warning": 1, "critical": 3600}})
            waited = time.monotonic() - began
            row = row_for(f, b.pid)
            assert row["blocking_pids"] == str(chain.holder_pid)
            assert row["wait_event"] == "Lock:transactionid"
            # waited ~1.5 s, while the statement has run ~3.5 s (now() - query_start would say 3)
            assert 1 <= row["wait_s"] <= waited + 0.5, (row["wait_s"], waited)
            assert f.outcome is Outcome.WARNING, f.message.en
            assert f"pid {b.pid}" in f.message.en and f"blocked by pid {chain.holder_pid}" in f.message.en
            # at the defaults (30 s, 5 sessions) one short wait is no problem
            f = run(s, CODE)
            assert f.outcome is Outcome.OK and row_for(f, b.pid)["wait_s"] <= 3, f.message.en
        assert all(w.error is None for w in chain.waiters)
        wait_for(lambda: run(s, CODE).evidence == [], 5, "the lock wait to end")


def test_pg_number_of_blocked_sessions(pg):
    cluster, admin, target = pg
    three = {"blocked_sessions": {"warning": 3, "critical": 10}}
    with open_session(target) as s:
        assert run(s, CODE, three).evidence == []
        with LockChain(admin, "postgresql", TABLE, row=5) as chain:
            for n in (1, 2, 3):
                chain.add(f"UPDATE {TABLE} SET v = {n} WHERE id = 5", PG_SETUP)
                f = run(s, CODE, three)
                assert evidence_ids(f, "blocked_pid") == {str(w.pid) for w in chain.waiters}
                assert f.outcome is (Outcome.WARNING if n == 3 else Outcome.OK), f.message.en
            assert f.message.en.startswith("3 sessions blocked by locks at once"), f.message.en
            # the later waiters queue behind the first one; the first names the holder
            assert row_for(f, chain.waiters[0].pid)["blocking_pids"] == str(chain.holder_pid)
            assert run(s, CODE).outcome is Outcome.OK  # 3 short waits: below the default 5


def test_pg_blocked_by_a_prepared_transaction_names_it(pg_clusters):
    """pg_blocking_pids() gives 0 for a lock a prepared transaction holds: there is no pid to terminate."""
    cluster = pg_clusters({"max_prepared_transactions": "2"})
    cluster.sql(f"CREATE TABLE {TABLE} (id int PRIMARY KEY, v int NOT NULL)")
    cluster.sql(f"INSERT INTO {TABLE} VALUES (1, 0)")
    cluster.sql(f"CREATE ROLE {MON_USER} LOGIN")
    for grant in pg_grants({p.strip() for p in REG.get(CODE).spec.support("postgresql").privilege.split(",")}):
        cluster.sql(grant)
    admin = cluster.engine()
    with admin.connect() as c:
        c.exec_driver_sql("BEGIN")
        c.exec_driver_sql(f"UPDATE {TABLE} SET v = 1 WHERE id = 1")
        c.exec_driver_sql("PREPARE TRANSACTION 'dbp_run005_xa'")
    try:
        with Background(admin, "postgresql", f"UPDATE {TABLE} SET v = 2 WHERE id = 1", PG_SETUP) as w:
            try:
                wait_for(lambda: is_waiting_on_lock(admin, "postgresql", w.pid), what="the lock wait")
                with open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON_USER)) as s:
                    f = run(s, CODE, {"wait_s": {"warning": 0, "critical": 3600}})
                assert row_for(f, w.pid)["blocking_pids"] == "prepared transaction", f.evidence  # not '0'
                assert f.outcome is Outcome.WARNING, f.message.en
                assert "blocked by a prepared transaction (no pid: COMMIT/ROLLBACK PREPARED)" in f.message.en, \
                    f.message.en
                assert "两阶段事务" in f.message.zh, f.message.zh
            finally:
                cancel(admin, "postgresql", w.pid)
    finally:
        cluster.sql("ROLLBACK PREPARED 'dbp_run005_xa'")
        admin.dispose()


def test_pg_before_14_only_the_number_of_blocked_sessions_is_judged(pg):
    """postgresql.sql (PostgreSQL 10–13) run on this 15 cluster: no wait start, so no wait_s; the count is judged."""
    cluster, admin, target = pg
    check = REG.get(CODE)
    sql = (check.folder / "postgresql.sql").read_text()
    start, end = window()
    ctx = JudgeContext(engine="postgresql", server_version="13.0", window_start=start, window_end=end)
    with open_session(target) as s, LockChain(admin, "postgresql", TABLE, row=7) as chain:
        b, _ = chain.add(f"UPDATE {TABLE} SET v = 2 WHERE id = 7", PG_SETUP)
        time.sleep(1.2)
        rows = s.run(sql)
        assert [(r["blocked_pid"], r["blocking_pids"], r["wait_s"]) for r in rows] == [(b.pid, str(chain.holder_pid), None)]
        f = judge_rows(check.spec, "postgresql", rows, REG.effective_thresholds(CODE, []), ctx)
        assert f.outcome is Outcome.OK and "only their number is judged" in f.message.en, f.message.en
        one = [("run", {CODE: {"blocked_sessions": {"warning": 1, "critical": 5}, "wait_s": {"warning": 1}}})]
        f = judge_rows(check.spec, "postgresql", rows, REG.effective_thresholds(CODE, one), ctx)
        assert f.outcome is Outcome.WARNING and f"pid {b.pid}" in f.message.en, f.message.en
        assert f.message.en.startswith("1 sessions blocked by locks at once"), f.message.en


def test_mariadb_row_lock_wait_names_the_holder(my_session, my_admin, my_table):
    one_s = {"wait_s": {"warning": 1, "critical": 3600}}
    with LockChain(my_admin, "mariadb", my_table, row=2) as chain:
        before = run(my_session, CODE, one_s)
        assert str(chain.holder_pid) not in {p for r in before.evidence for p in str(r["blocking_pids"]).split(",")}
        b, began = chain.add(f"UPDATE {my_table} SET v = v + 10 WHERE id = 2", MY_SETUP)
        time.sleep(1.5)
        f = run(my_session, CODE, one_s)
        waited = time.monotonic() - began
        row = row_for(f, b.pid)
        assert row["blocking_pids"] == str(chain.holder_pid)
        assert row["wait_event"] == f"row lock `test`.`{my_table}`"
        assert 1 <= row["wait_s"] <= waited + 1, (row["wait_s"], waited)
        assert f.outcome is Outcome.WARNING, f.message.en
    assert b.error is None, b.error
    wait_for(lambda: str(b.pid) not in evidence_ids(run(my_session, CODE), "blocked_pid"), 5, "the lock wait to end")


def _mdl_wait(admin, engine, pid) -> bool:
    with admin.connect() as c:
        return bool(c.exec_driver_sql(f"SELECT 1 FROM information_schema.PROCESSLIST WHERE id = {int(pid)} "
                                      "AND state = 'Waiting for table metadata lock'").first())


def test_mariadb_metadata_lock_wait_behind_an_open_transaction(my_session, my_admin, my_table):
    with LockChain(my_admin, "mariadb", my_table, row=1) as chain:
        assert run(my_session, CODE).outcome is not Outcome.ERROR
        alter, _ = chain.add(f"ALTER TABLE {my_table} COMMENT 'dbpatrol RUN005'", MY_SETUP, waiting=_mdl_wait)
        time.sleep(1.2)
        f = run(my_session, CODE, {"wait_s": {"warning": 1, "critical": 3600}})
        row = row_for(f, alter.pid)
        assert row["wait_event"] == "Waiting for table metadata lock"
        assert row["blocking_pids"] == "unknown (not exposed)" and row["wait_s"] >= 1
        assert "COMMENT 'dbpatrol RUN005'" in row["query"]
        assert f.outcome is Outcome.WARNING, f.message.en
    assert alter.error is None, alter.error
