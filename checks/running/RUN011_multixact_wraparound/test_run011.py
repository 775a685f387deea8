"""RUN011 on a private cluster with autovacuum off and autovacuum_multixact_freeze_max_age = 10000 (its
minimum): 11 000 multixacts made for real — one transaction holds a row FOR SHARE while a procedure
locks the same row FOR SHARE and commits, 11 000 times, each lock a new multixact."""

from __future__ import annotations

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(120)

MON = "dbp_run011_mon"  # login only: exactly RUN011's declared privilege
MON_STATS = "dbp_run011_stats"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters({"autovacuum": "off", "autovacuum_multixact_freeze_max_age": "10000"})
    c.sql(f"CREATE ROLE {MON} LOGIN")
    c.sql(f"CREATE ROLE {MON_STATS} LOGIN IN ROLE pg_monitor")
    c.sql("CREATE TABLE dbp_run011_t (id int PRIMARY KEY)")
    c.sql("INSERT INTO dbp_run011_t VALUES (1)")
    c.sql("CREATE PROCEDURE dbp_multis(n int) LANGUAGE plpgsql AS $$ BEGIN FOR i IN 1..n LOOP "
          "PERFORM 1 FROM dbp_run011_t WHERE id = 1 FOR SHARE; COMMIT; END LOOP; END $$")
    c.sql("CREATE PROCEDURE dbp_burn_xids(n int) LANGUAGE plpgsql AS $$ BEGIN FOR i IN 1..n LOOP "
          "PERFORM txid_current(); COMMIT; END LOOP; END $$")
    return c


def check_as(cluster, user):
    with open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", user)) as s:
        return run(s, "RUN011")


def db_row(f, name):
    return next(r for r in f.evidence if r["datname"] == name)


def test_past_autovacuum_multixact_freeze_max_age(cluster):
    before = check_as(cluster, MON)
    assert before.outcome is Outcome.OK and db_row(before, "postgres")["mxid_age"] < 100, before.evidence
    eng = cluster.engine()
    share = eng.connect()
    try:
        share.exec_driver_sql("BEGIN")
        share.exec_driver_sql("SELECT 1 FROM dbp_run011_t WHERE id = 1 FOR SHARE")
        cluster.sql("CALL dbp_multis(11000)")
    finally:
        share.rollback()
        share.close()
        eng.dispose()
    cluster.sql("CALL dbp_burn_xids(5000)")  # XIDs without multixacts: the two ages now differ by thousands
    f = check_as(cluster, MON)
    row = db_row(f, "postgres")
    assert f.outcome is Outcome.WARNING, f.message.en
    # the multixact age, measured apart by the superuser; not the XID age (an XID check would pass the rest)
    assert row["mxid_age"] == cluster.sql("SELECT mxid_age(datminmxid) FROM pg_database WHERE datname = 'postgres'")
    assert row["mxid_age"] < cluster.sql("SELECT age(datfrozenxid) FROM pg_database WHERE datname = 'postgres'") - 4000
    assert row["mxid_age"] >= 11000 and row["freeze_max_pct"] >= 110 and row["antiwraparound_workers"] is None
    worst = f.evidence[0]
    assert f.message.en.startswith(f"Database {worst['datname']}: multixact age {worst['mxid_age']:,} = "
                                   f"{worst['freeze_max_pct']}% of autovacuum_multixact_freeze_max_age (10,000)")
    f = check_as(cluster, MON_STATS)
    assert "no anti-wraparound autovacuum is running in it now" in f.message.en, f.message.en

    # database postgres only; advancing its datminmxid may wake an anti-wraparound autovacuum for the templates
    cluster.sql("VACUUM (FREEZE)")
    f = check_as(cluster, MON)
    assert "postgres" not in {o.key for o in f.objects}, f.objects
    assert all(r["freeze_max_pct"] < 100 for r in f.evidence if r["datname"] == "postgres"), f.evidence
