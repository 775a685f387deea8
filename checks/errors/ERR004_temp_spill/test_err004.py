"""ERR004 on a private cluster: a sort that spills to disk, planted in a scratch database.

Measured before (0 bytes) and after (the spill's files and bytes, in that database); the daily
rate of a counter younger than a day is its volume (min_days), not an extrapolation. The counters
survive a clean restart (counters_since does not move) and a crash discards them.
"""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for, declared_grants

pytestmark = pytest.mark.timeout(120)

CODE = "ERR004"
MON = "dbp_mon_err004"
DB = "dbp_err004"


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


def spill(c) -> None:
    with psycopg.connect(f"host=127.0.0.1 port={c.port} user=postgres dbname={DB}", autocommit=True) as conn:
        conn.execute("SET work_mem = '64kB'")
        conn.execute("SELECT count(*) FROM (SELECT g FROM generate_series(1, 300000) g ORDER BY g DESC) s").fetchone()


def test_spill_measured_before_and_after(cluster):
    before = check(cluster)
    assert before.outcome is Outcome.OK and row_of(before)["temp_bytes"] == 0, before.message.en

    spill(cluster)
    after = wait_for(lambda: (f := check(cluster)) and row_of(f)["temp_bytes"] > 0 and f, what="the spill to be counted")
    row = row_of(after)
    mb = row["temp_bytes"] / 1048576
    assert row["temp_files"] >= 1 and mb > 3, row
    assert row["days_since"] < 1 and row["temp_mb_per_day"] == round(mb, 1), row  # min_days: not extrapolated
    assert after.outcome is Outcome.OK  # a few MB are far below 1 GB/day
    # 5 MB/day: above what the database wrote before planting (0), below what the spill wrote
    lowered = check(cluster, {"temp_mb_per_day": {"warning": 5, "critical": None}})
    assert lowered.outcome is Outcome.WARNING and [o.key for o in lowered.objects] == [DB], lowered.message.en
    assert f"{DB} writes {round(mb, 1)} MB of temporary files per day" in lowered.message.en


def test_counters_survive_a_clean_restart_and_not_a_crash(cluster):
    before = row_of(check(cluster))
    assert before["temp_bytes"] > 0
    cluster.restart()
    started = cluster.sql("SELECT pg_postmaster_start_time()")
    kept = row_of(check(cluster))
    assert kept["temp_bytes"] == before["temp_bytes"] and kept["counters_since"] == before["counters_since"]
    assert dt.datetime.fromisoformat(kept["counters_since"]) < started

    crashed_at = dt.datetime.now(dt.timezone.utc)
    cluster.crash_backend()
    row = row_of(check(cluster))
    assert row["temp_bytes"] == 0 and row["temp_files"] == 0
    assert dt.datetime.fromisoformat(row["counters_since"]) >= crashed_at - dt.timedelta(seconds=1)
