"""BAK002 on a private cluster with 64 MB WAL segments whose archive_command always fails.

The backlog is planted for real: segments completed with pg_switch_wal pile up as .ready files.
The threshold is in MB, so three 64 MB segments weigh what twelve 16 MB ones do; the oldest
segment's age is planted by backdating its .ready file (what a stuck archiver leaves behind).
"""

from __future__ import annotations

import glob
import os
import time

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "BAK002"
MON = "dbp_mon_bak002"
SEGMENT = 64 * 1024 * 1024


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters({"archive_mode": "on", "archive_command": "/bin/false", "wal_level": "replica"},
                    initdb_args=("--wal-segsize=64",))
    privilege = REG.get(CODE).spec.support("postgresql").privilege
    c.sql(f"CREATE ROLE {MON} LOGIN IN ROLE {privilege}")
    yield c
    c.destroy()


def session(c):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON))


def ready_files(c) -> list[str]:
    return sorted(glob.glob(os.path.join(c.data, "pg_wal", "archive_status", "*.ready")))


def test_backlog_in_mb_and_age_of_the_oldest_segment(cluster):
    with session(cluster) as s:
        before = run(s, CODE)
        assert before.outcome is Outcome.OK, before.message.en
        assert before.evidence[0]["ready_files"] == len(ready_files(cluster)) == 0
        assert before.message.en == "no WAL segment waits for archiving (archive_mode on)"

        segments = []
        for i in range(3):
            cluster.sql(f"CREATE TABLE dbp_bak002_{i} AS SELECT 1 AS x")
            segments.append(cluster.sql("SELECT pg_walfile_name(pg_switch_wal())"))
        wait_for(lambda: len(ready_files(cluster)) == 3, what="three .ready files")
        assert [os.path.basename(p)[:-len(".ready")] for p in ready_files(cluster)] == segments

        fresh = run(s, CODE)  # 192 MB and seconds old: under the default 1600 MB / 30 min
        row = fresh.evidence[0]
        assert row["ready_files"] == 3 and row["wal_segment_bytes"] == SEGMENT and row["ready_mb"] == 192
        assert fresh.outcome is Outcome.OK, fresh.message.en
        # 150 MB is crossed by three 64 MB segments, not by three 16 MB ones (48 MB)
        heavy = run(s, CODE, {"ready_mb": {"warning": 150, "critical": None}})
        assert heavy.outcome is Outcome.WARNING and "192" in heavy.message.en, heavy.message.en

        # the archiver has been stuck for three hours on the oldest segment
        oldest = ready_files(cluster)[0]
        three_hours_ago = time.time() - 3 * 3600
        os.utime(oldest, (three_hours_ago, three_hours_ago))
        stuck = run(s, CODE)
        row = stuck.evidence[0]
        assert 179 <= row["oldest_ready_min"] <= 181, row
        assert stuck.outcome is Outcome.CRITICAL, stuck.message.en
        assert "waited 18" in stuck.message.en and "等待" in stuck.message.zh


def test_archive_mode_off_is_not_applicable(cluster):
    cluster.settings["archive_mode"] = "off"
    cluster.restart()
    try:
        with session(cluster) as s:
            finding = run(s, CODE)
        assert finding.outcome is Outcome.SKIPPED and finding.skip_reason == "not_applicable", finding.message.en
        assert "WAL archiving is off" in finding.message.en
    finally:
        cluster.settings["archive_mode"] = "on"
        cluster.restart()
