"""ERR002: real deadlocks between two sessions, on private servers we own.

PostgreSQL: a private cluster; the deadlock is planted in a scratch database and counted there.
Its counters survive a clean restart (counters_since stays, it does not move to the restart) and
are discarded by a crash (kill -9 of a backend: counters_since moves to the crash). MariaDB: a
private mariadbd, whose Innodb_deadlocks counts since server start.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa

from checks import samples
from checks.adapters import ConnectTarget, open_session
from dbpatrol import snapshots
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for, declared_grants

pytestmark = pytest.mark.timeout(180)

CODE = "ERR002"
MON, PW = "dbp_mon_err002", "pw-err002"
DB = "dbp_err002"


def deadlock(engine: sa.Engine, setup, begin, first, second, timeout_s=30.0):
    """Two sessions lock rows 1 and 2, then each asks for the other's row: a real deadlock. Errors seen."""
    a, b = engine.connect(), engine.connect()
    errors: list[Exception] = []
    try:
        for conn in (a, b):
            for stmt in setup:
                conn.exec_driver_sql(stmt)
            conn.exec_driver_sql(begin)
        a.exec_driver_sql(first[0])
        b.exec_driver_sql(first[1])

        def a_wants_2():
            try:
                a.exec_driver_sql(second[0])
            except Exception as exc:  # noqa: BLE001 - the deadlock victim
                errors.append(exc)

        t = threading.Thread(target=a_wants_2, daemon=True)
        t.start()
        time.sleep(0.5)  # let A queue behind B's row lock
        try:
            b.exec_driver_sql(second[1])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        t.join(timeout_s)
        assert not t.is_alive(), "deadlock was not resolved"
    finally:
        for conn in (a, b):
            try:
                conn.exec_driver_sql("ROLLBACK")
            except Exception:  # noqa: BLE001
                pass
            conn.close()
    return errors


UPDATES = dict(first=("UPDATE dl SET v = 1 WHERE id = 1", "UPDATE dl SET v = 1 WHERE id = 2"),
               second=("UPDATE dl SET v = 2 WHERE id = 2", "UPDATE dl SET v = 2 WHERE id = 1"))


def scope_row(finding, scope):
    return next(r for r in finding.evidence if r["scope"] == scope)


# ----- PostgreSQL ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters()
    assert REG.get(CODE).spec.support("postgresql").privilege == "pg_read_all_stats"
    c.sql(f"CREATE ROLE {MON} LOGIN")
    for grant in declared_grants(CODE, MON):
        c.sql(grant)
    c.sql(f"CREATE DATABASE {DB}")
    c.sql("CREATE TABLE dl (id int PRIMARY KEY, v int)", DB)
    c.sql("INSERT INTO dl VALUES (1, 0), (2, 0)", DB)
    yield c
    c.destroy()


def pg_session(c):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON))


def test_pg_deadlock_counted_and_kept_across_a_clean_restart_not_a_crash(cluster):
    with pg_session(cluster) as s:
        before = run(s, CODE)
        assert before.outcome is Outcome.OK and scope_row(before, DB)["deadlocks"] == 0, before.message.en
        errors = deadlock(cluster.engine(DB), setup=["SET lock_timeout = '20s'", "SET deadlock_timeout = '100ms'"],
                          begin="BEGIN", **UPDATES)
        assert any("deadlock detected" in str(e) for e in errors), errors
        def counted():
            f = run(s, CODE)
            return f if scope_row(f, DB)["deadlocks"] == 1 else None

        after = wait_for(counted, what="the deadlock to be counted")
    row = scope_row(after, DB)
    # a young cluster: one deadlock over less than a day is counted as one day's (min_days), not extrapolated
    assert row["days_since"] < 1 and row["deadlocks_per_day"] == 1.0, row
    assert after.outcome is Outcome.WARNING and [o.key for o in after.objects] == [DB], after.message.en
    assert f"1 deadlocks in {DB}" in after.message.en and "cumulative, not a delta" in after.message.en
    since = row["counters_since"]
    assert after.since is not None

    cluster.restart()  # clean: PostgreSQL 15+ keeps the counters
    started = dt.datetime.fromisoformat(cluster.sql("SELECT pg_postmaster_start_time()").isoformat())
    with pg_session(cluster) as s:
        kept = scope_row(run(s, CODE), DB)
    assert kept["deadlocks"] == 1 and kept["counters_since"] == since, (kept, since)
    assert dt.datetime.fromisoformat(kept["counters_since"]) < started  # not the restart

    crashed_at = dt.datetime.now(dt.timezone.utc)
    cluster.crash_backend()  # kill -9: the postmaster reinitialises and discards the statistics
    with pg_session(cluster) as s:
        gone = run(s, CODE)
    row = scope_row(gone, DB)
    assert row["deadlocks"] == 0 and dt.datetime.fromisoformat(row["counters_since"]) >= crashed_at - dt.timedelta(seconds=1)
    assert gone.outcome is Outcome.OK


# ----- MariaDB ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mariadb(mariadb_servers):
    s = mariadb_servers({"server-id": "21"})
    assert REG.get(CODE).spec.support("mariadb").privilege == "USAGE"
    s.sql(f"CREATE USER '{MON}'@'%' IDENTIFIED BY '{PW}'")
    s.sql("CREATE DATABASE dbp_err002")
    s.sql("CREATE TABLE dbp_err002.dl (id INT PRIMARY KEY, v INT) ENGINE=InnoDB")
    s.sql("INSERT INTO dbp_err002.dl VALUES (1, 0), (2, 0)")
    yield s
    s.destroy()


def test_mariadb_deadlock_counted_since_server_start(mariadb):
    def check():
        with open_session(ConnectTarget("mariadb", "127.0.0.1", mariadb.port, None, MON, PW)) as s:
            return run(s, CODE)

    before = check()
    assert before.outcome is Outcome.OK and before.evidence[0]["deadlocks"] == 0
    eng = sa.create_engine(f"mysql+pymysql://root@127.0.0.1:{mariadb.port}/dbp_err002", poolclass=sa.NullPool)
    try:
        errors = deadlock(eng, setup=["SET SESSION innodb_lock_wait_timeout = 20"], begin="START TRANSACTION", **UPDATES)
    finally:
        eng.dispose()
    assert any("1213" in str(e) for e in errors), errors
    after = check()
    row = after.evidence[0]
    assert row["scope"] == "(instance)" and row["deadlocks"] == 1 and row["deadlocks_per_day"] == 1.0
    assert after.outcome is Outcome.WARNING and "1 deadlocks in (instance)" in after.message.en

    mariadb.restart()  # MariaDB's status counters start again with the server
    again = check()
    assert again.evidence[0]["deadlocks"] == 0 and again.outcome is Outcome.OK
    assert dt.datetime.fromisoformat(again.evidence[0]["counters_since"]) > dt.datetime.fromisoformat(row["counters_since"])


def test_mariadb_without_deadlock_detection_is_not_applicable(mariadb):
    """innodb_deadlock_detect = OFF: a real deadlock ends as two lock wait timeouts and Innodb_deadlocks stays
    0, so "0 deadlocks" would be a false OK."""
    def check():
        with open_session(ConnectTarget("mariadb", "127.0.0.1", mariadb.port, None, MON, PW)) as s:
            return run(s, CODE)

    mariadb.sql("SET GLOBAL innodb_deadlock_detect = OFF")
    try:
        eng = sa.create_engine(f"mysql+pymysql://root@127.0.0.1:{mariadb.port}/dbp_err002", poolclass=sa.NullPool)
        try:
            errors = deadlock(eng, setup=["SET SESSION innodb_lock_wait_timeout = 2"], begin="START TRANSACTION", **UPDATES)
        finally:
            eng.dispose()
        assert errors and all("1205" in str(e) for e in errors), errors  # timeouts, no deadlock detected
        f = check()
        assert f.evidence[0]["deadlocks"] == 0 and f.evidence[0]["deadlock_detect"] == 0, f.evidence
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
        assert f.message.en.startswith("not applicable: innodb_deadlock_detect is OFF")
    finally:
        mariadb.sql("SET GLOBAL innodb_deadlock_detect = ON")
    assert check().outcome is Outcome.OK


# ----- over the window, from stored snapshots (issue 8) ---------------------------------------------
# Sample, plant deadlocks, sample, judge, with a store of our own (SQLite in tmp_path): the deltas equal
# what was planted with basis "window"; a window that ends before the planting counts none; a crash
# (PostgreSQL) or a restart (MariaDB) between samples splits the window and no delta goes negative.


def utcnow():
    return dt.datetime.now(dt.timezone.utc)


def sample(session, url, name="inst"):
    snap = samples.take(session)
    # sources refused for a privilege this test's user was not given (other checks' sources) are named and left
    # out, as designed; the check's own source is proven read by the window assertions below
    assert not {k: v for k, v in snap.refused.items() if not v.startswith("privilege")}, snap.refused
    snapshots.save(url, name, snap, "sampler")
    return snap.taken_at.replace(tzinfo=dt.timezone.utc)


def windowed(session, url, win, name="inst"):
    session.instance_name, session.snapshots = name, snapshots.SnapshotReader(url)
    try:
        return run(session, CODE, win=win)
    finally:
        session.instance_name = session.snapshots = None


def pg_deadlocks(c, n):
    for _ in range(n):
        errors = deadlock(c.engine(DB), setup=["SET lock_timeout = '20s'", "SET deadlock_timeout = '100ms'"],
                          begin="BEGIN", **UPDATES)
        assert any("deadlock detected" in str(e) for e in errors), errors


def test_pg_window_delta_equals_planted_and_a_crash_splits_the_window(cluster, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    start = utcnow() - dt.timedelta(hours=2)
    with open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON)) as s:
        base = scope_row(run(s, CODE), DB)["deadlocks"]  # what earlier tests of this module left
        t1 = sample(s, url)
        pg_deadlocks(cluster, 2)
        wait_for(lambda: scope_row(run(s, CODE), DB)["deadlocks"] == base + 2, what="2 deadlocks counted")
        t2 = sample(s, url)

        f = windowed(s, url, (start, utcnow()))
        row = scope_row(f, DB)
        assert f.basis == "window" and row["deadlocks"] == 2, (f.basis, row)
        assert f.outcome is Outcome.WARNING and [o.key for o in f.objects] == [DB], f.message.en
        assert "2 deadlocks in " + DB + " in the window" in f.message.en and f.coverage_pct is not None

        before = windowed(s, url, (start, t1))  # ends before the planting
        assert before.basis == "window" and scope_row(before, DB)["deadlocks"] == 0, before.evidence
        assert before.outcome is Outcome.OK

        # no snapshot in the window: the check falls back to its own counters, and says so
        old = windowed(s, url, (start - dt.timedelta(days=3), start - dt.timedelta(days=2)))
        assert old.basis == "cumulative" and "cumulative, not a delta" in old.message.en

    cluster.crash_backend()  # the statistics are discarded: the counter restarts from 0
    with open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON)) as s:
        assert scope_row(run(s, CODE), DB)["deadlocks"] == 0
        pg_deadlocks(cluster, 1)
        wait_for(lambda: scope_row(run(s, CODE), DB)["deadlocks"] == 1, what="the deadlock after the crash")
        sample(s, url)
        f = windowed(s, url, (start, utcnow()))
    row = scope_row(f, DB)
    # 2 before the crash + 1 after: the crash is a new segment, never 1 - 2 = -1
    assert row["deadlocks"] == 3 and f.basis == "window", row
    assert t2 < dt.datetime.fromisoformat(row["counters_since"].replace("Z", "+00:00")) + dt.timedelta(hours=3)


def test_mariadb_window_delta_and_restart(mariadb, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    start = utcnow() - dt.timedelta(hours=1)

    def session():
        return open_session(ConnectTarget("mariadb", "127.0.0.1", mariadb.port, None, MON, PW))

    def plant(n):
        eng = sa.create_engine(f"mysql+pymysql://root@127.0.0.1:{mariadb.port}/dbp_err002", poolclass=sa.NullPool)
        try:
            for _ in range(n):
                errors = deadlock(eng, setup=["SET SESSION innodb_lock_wait_timeout = 20"],
                                  begin="START TRANSACTION", **UPDATES)
                assert any("1213" in str(e) for e in errors), errors
        finally:
            eng.dispose()

    with session() as s:
        t1 = sample(s, url)
    plant(2)
    with session() as s:
        sample(s, url)
        f = windowed(s, url, (start, utcnow()))
        assert f.basis == "window" and f.evidence[0]["deadlocks"] == 2, f.evidence
        early = windowed(s, url, (start, t1))
        assert early.evidence[0]["deadlocks"] == 0 and early.outcome is Outcome.OK
    mariadb.restart()  # Innodb_deadlocks starts again from 0
    plant(1)
    with session() as s:
        sample(s, url)
        f = windowed(s, url, (start, utcnow()))
    assert f.evidence[0]["deadlocks"] == 3, f.evidence  # 2 + 1, the restart a new segment
