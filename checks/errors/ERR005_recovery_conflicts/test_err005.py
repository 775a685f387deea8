"""ERR005 on a private streaming standby (pg_basebackup -R) with a real recovery conflict.

A standby session holds a lock on a table; the primary drops the table; replaying the drop needs
that lock, so after max_standby_streaming_delay (100 ms here) the standby cancels the session and
counts a lock conflict in that database. On the primary the check does not apply. The standby's
counters survive its clean restart (counters_since stays) and are discarded by its crash.
"""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for, declared_grants

pytestmark = pytest.mark.timeout(120)

CODE = "ERR005"
MON = "dbp_mon_err005"
DB = "dbp_err005"


@pytest.fixture(scope="module")
def pair(pg_clusters):
    primary = pg_clusters({"wal_level": "replica"})
    assert REG.get(CODE).spec.support("postgresql").privilege == "pg_read_all_stats"
    primary.sql(f"CREATE ROLE {MON} LOGIN")  # replicated to the standby
    for grant in declared_grants(CODE, MON):
        primary.sql(grant)
    primary.sql(f"CREATE DATABASE {DB}")
    primary.sql("CREATE TABLE report_source AS SELECT g AS id FROM generate_series(1, 100) g", DB)
    primary.sql("CHECKPOINT")  # else pg_basebackup's spread checkpoint paces those writes over minutes
    standby = pg_clusters.track(primary.standby({"max_standby_streaming_delay": "100ms", "hot_standby_feedback": "off"}))
    yield primary, standby
    standby.destroy()
    primary.destroy()


def check(c):
    with open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON)) as s:
        return run(s, CODE)


def row_of(finding, scope=DB):
    return next((r for r in finding.evidence if r["scope"] == scope), None)


def test_a_lock_conflict_cancels_a_standby_query(pair):
    primary, standby = pair
    on_primary = check(primary)
    assert on_primary.outcome is Outcome.SKIPPED and on_primary.skip_reason == "not_applicable"

    wait_for(lambda: standby.sql("SELECT count(*) FROM pg_class WHERE relname = 'report_source'", DB) == 1,
             what="the table on the standby")
    before = check(standby)
    assert before.outcome is Outcome.OK and row_of(before)["conflicts"] == 0, before.message.en

    reader = psycopg.connect(f"host=127.0.0.1 port={standby.port} user=postgres dbname={DB}")
    reader.execute("SELECT count(*) FROM report_source").fetchone()  # its transaction keeps the lock
    primary.sql("DROP TABLE report_source", DB)
    wait_for(lambda: reader.closed or reader.info.transaction_status != psycopg.pq.TransactionStatus.INTRANS
             or _dead(reader), timeout_s=30, what="the standby to cancel the reader")
    reader.close()

    after = wait_for(lambda: (f := check(standby)) and row_of(f)["conflicts"] == 1 and f, what="the conflict counted")
    row = row_of(after)
    assert row["confl_lock"] == 1 and row["confl_snapshot"] == 0 and row["days_since"] < 1, row
    assert row["conflicts_per_day"] == 1.0  # min_days: one conflict in a young standby is 1/day
    assert after.outcome is Outcome.WARNING and [o.key for o in after.objects] == [DB], after.message.en
    assert f"1 standby queries in {DB} cancelled" in after.message.en and "lock 1" in after.message.en


def _dead(conn) -> bool:
    try:
        conn.execute("SELECT 1")
        return False
    except psycopg.Error:
        return True


def test_standby_counters_survive_its_clean_restart_and_not_its_crash(pair):
    _, standby = pair
    before = row_of(check(standby))
    assert before["conflicts"] == 1
    standby.restart()
    started = standby.sql("SELECT pg_postmaster_start_time()")
    kept = row_of(check(standby))
    assert kept["conflicts"] == 1 and kept["counters_since"] == before["counters_since"], (kept, before)
    assert dt.datetime.fromisoformat(kept["counters_since"]) < started

    crashed_at = dt.datetime.now(dt.timezone.utc)
    standby.crash_backend()
    row = row_of(check(standby))
    assert row["conflicts"] == 0
    assert dt.datetime.fromisoformat(row["counters_since"]) >= crashed_at - dt.timedelta(seconds=1)
