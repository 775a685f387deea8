"""ERR006 on a private cluster: sessions terminated for real in a scratch database.

30 normal sessions and 3 terminated ones (pg_terminate_backend) in database dbp_err006: 9 % of
its sessions killed. Below the min_sessions guard nothing is rated; with the guard at 20 the share
is. The counters survive a clean restart (counters_since stays) and a crash discards them.
"""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for, declared_grants

pytestmark = pytest.mark.timeout(120)

CODE = "ERR006"
MON = "dbp_mon_err006"
DB = "dbp_err006"
SMALL_SAMPLE = {"min_sessions": {"value": 20}}


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters()
    assert REG.get(CODE).spec.support("postgresql").privilege == "pg_read_all_stats"
    c.sql(f"CREATE ROLE {MON} LOGIN")
    for grant in declared_grants(CODE, MON):
        c.sql(grant)
    c.sql(f"CREATE DATABASE {DB}")
    yield c
    c.destroy()


def check(c, overrides=None):
    with open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON)) as s:
        return run(s, CODE, overrides)


def row_of(finding, scope=DB):
    return next((r for r in finding.evidence if r["scope"] == scope), None)


def test_killed_sessions_as_a_share_of_sessions(cluster):
    before = check(cluster, SMALL_SAMPLE)
    assert row_of(before) is None or row_of(before)["sessions_killed"] == 0
    dsn = f"host=127.0.0.1 port={cluster.port} user=postgres dbname={DB}"
    for _ in range(30):
        psycopg.connect(dsn).close()
    for _ in range(3):
        victim = psycopg.connect(dsn)
        pid = victim.info.backend_pid
        assert cluster.sql(f"SELECT pg_terminate_backend({pid}, 5000)") is True
        victim.close()

    def counted():
        f = check(cluster, SMALL_SAMPLE)
        r = row_of(f)
        return f if r and r["sessions_killed"] == 3 else None

    after = wait_for(counted, what="the terminated sessions to be counted")
    row = row_of(after)
    assert row["sessions"] == 33 and row["abnormal_pct"] == round(100 * 3 / 33, 2), row
    assert after.outcome is Outcome.CRITICAL and [o.key for o in after.objects] == [DB], after.message.en
    assert f"sessions in {DB} end abnormally: 9.1% fatal or killed" in after.message.en

    default = check(cluster)  # 33 sessions are below the default sample of 1,000
    assert default.outcome is Outcome.OK and "not rated" in default.message.en and not default.objects


def test_counters_survive_a_clean_restart_and_not_a_crash(cluster):
    before = row_of(check(cluster))
    assert before["sessions_killed"] == 3
    cluster.restart()
    started = cluster.sql("SELECT pg_postmaster_start_time()")
    kept = row_of(check(cluster))
    assert kept["sessions_killed"] == 3 and kept["counters_since"] == before["counters_since"]
    assert dt.datetime.fromisoformat(kept["counters_since"]) < started

    crashed_at = dt.datetime.now(dt.timezone.utc)
    cluster.crash_backend()
    row = row_of(check(cluster))
    assert row["sessions_killed"] == 0 and row["sessions"] == 0
    assert dt.datetime.fromisoformat(row["counters_since"]) >= crashed_at - dt.timedelta(seconds=1)
