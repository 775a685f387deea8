"""RUN010 on a private cluster with autovacuum off and autovacuum_freeze_max_age = 100000 (its minimum):
140 000 XIDs burned by a procedure committing in a loop push every database past 100 %. The server then
starts an anti-wraparound autovacuum even with autovacuum off; a lock held on one table keeps it
working (and visible) in database postgres until the lock goes, after which the ages fall back."""

from __future__ import annotations

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import run, wait_for

pytestmark = pytest.mark.timeout(120)

MON = "dbp_run010_mon"  # login only: exactly RUN010's declared privilege
MON_STATS = "dbp_run010_stats"  # with pg_monitor: can see autovacuum workers' query text


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters({"autovacuum": "off", "autovacuum_freeze_max_age": "100000"})
    c.sql(f"CREATE ROLE {MON} LOGIN")
    c.sql(f"CREATE ROLE {MON_STATS} LOGIN IN ROLE pg_monitor")
    c.sql("CREATE TABLE dbp_run010_t (id int PRIMARY KEY)")
    c.sql("CREATE PROCEDURE dbp_burn(n int) LANGUAGE plpgsql AS "
          "$$ BEGIN FOR i IN 1..n LOOP PERFORM txid_current(); COMMIT; END LOOP; END $$")
    return c


def check_as(cluster, user):
    with open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", user)) as s:
        return run(s, "RUN010")


def db_row(f, name):
    return next(r for r in f.evidence if r["datname"] == name)


def test_past_autovacuum_freeze_max_age_with_an_anti_wraparound_vacuum(cluster):
    before = check_as(cluster, MON)
    assert before.outcome is Outcome.OK, before.message.en
    assert db_row(before, "postgres")["freeze_max_pct"] < 5
    eng = cluster.engine()
    lock = eng.connect()
    try:
        lock.exec_driver_sql("BEGIN")
        lock.exec_driver_sql("LOCK TABLE dbp_run010_t IN SHARE UPDATE EXCLUSIVE MODE")  # the vacuum waits here
        cluster.sql("CALL dbp_burn(140000)")
        wait_for(lambda: cluster.sql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' "
                                     "AND strpos(query, 'dbp_run010_t (to prevent wraparound)') > 0"), 30,
                 "the anti-wraparound autovacuum")

        f = check_as(cluster, MON)
        row = db_row(f, "postgres")
        assert f.outcome is Outcome.WARNING, f.message.en
        assert row["xid_age"] >= 140000 and row["freeze_max_pct"] >= 140 and row["antiwraparound_workers"] is None
        assert "hidden from this user (needs pg_read_all_stats)" in f.message.en
        worst = f.evidence[0]
        assert f.message.en.startswith(f"Database {worst['datname']}: XID age {worst['xid_age']:,} = "
                                       f"{worst['freeze_max_pct']}% of autovacuum_freeze_max_age (100,000)")

        f = check_as(cluster, MON_STATS)
        assert f.outcome is Outcome.WARNING, f.message.en
        assert db_row(f, "postgres")["antiwraparound_workers"] == 1
        assert {r["datname"]: r["antiwraparound_workers"] for r in f.evidence}["template1"] == 0
        key = "an anti-wraparound autovacuum is running in it (1 worker(s))" if f.evidence[0]["datname"] == "postgres" \
            else "no anti-wraparound autovacuum is running in it now"
        assert key in f.message.en, f.message.en
        assert {o.key for o in f.objects} >= {"postgres", "template1"}
    finally:
        lock.rollback()
        lock.close()
        eng.dispose()
    after = wait_for(lambda: (lambda f: f if f.outcome is Outcome.OK else None)(check_as(cluster, MON_STATS)), 60,
                     "the anti-wraparound autovacuum to freeze every database")
    assert db_row(after, "postgres")["freeze_max_pct"] < 100
