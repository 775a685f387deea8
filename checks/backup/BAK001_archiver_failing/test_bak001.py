"""BAK001 on a private cluster whose archive_command fails until a flag file exists.

The archiver really fails on a segment we completed (pg_switch_wal), then really recovers once the
flag is there: "failing now" (CRITICAL), then "failed inside the window, then recovered" (WARNING),
then the same failure seen from a window that does not hold it (OK). With archive_mode off the
check does not apply (SKIPPED), on a cluster we restarted that way ourselves.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "BAK001"
MON = "dbp_mon_bak001"
SCRIPT = """#!/bin/sh
# fails until the flag file exists, then archives into ./archive
d=$(dirname "$0")
test -f "$d/archive_ok" || exit 1
cp "$1" "$d/archive/$2"
"""


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters({"archive_mode": "on", "wal_level": "replica"})
    script = os.path.join(c.base, "archive.sh")
    with open(script, "w") as f:
        f.write(SCRIPT)
    os.chmod(script, 0o755)
    os.makedirs(os.path.join(c.base, "archive"))
    for p in (script, os.path.join(c.base, "archive")):
        shutil.chown(p, "postgres")
    c.sql(f"ALTER SYSTEM SET archive_command = '{script} %%p %%f'")  # %% : the driver's placeholder escape
    c.sql("SELECT pg_reload_conf()")
    privilege = REG.get(CODE).spec.support("postgresql").privilege
    assert privilege == "login"
    c.sql(f"CREATE ROLE {MON} LOGIN")
    yield c
    c.destroy()


def session(c):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON))


def complete_a_segment(c) -> str:
    """Write a little WAL and switch: the completed segment must now be archived. Returns its name."""
    c.sql("CREATE TABLE IF NOT EXISTS dbp_bak001 AS SELECT 1 AS x")
    c.sql("DROP TABLE dbp_bak001")
    return c.sql("SELECT pg_walfile_name(pg_switch_wal())")


def win(start: dt.datetime, end: dt.datetime):
    return (start, end)


def test_failing_then_recovered_inside_the_window(cluster):
    t0 = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    with session(cluster) as s:
        before = run(s, CODE, win=win(t0, t0 + dt.timedelta(hours=1)))
        assert before.outcome is Outcome.OK, before.message.en  # nothing failed yet
        assert before.evidence[0]["failed_count"] == 0 and before.evidence[0]["last_failed_wal"] is None

        segment = complete_a_segment(cluster)
        now_window = lambda: win(t0, dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1))  # noqa: E731
        failing = wait_for(lambda: (f := run(s, CODE, win=now_window())).outcome is Outcome.CRITICAL and f,
                           timeout_s=30, what="the archiver to fail")
        row = failing.evidence[0]
        assert row["last_failed_wal"] == segment and row["failed_count"] >= 1 and row["last_archived_wal"] is None
        assert "failing now" in failing.message.en and segment in failing.message.en and segment in failing.message.zh

        # fix the archive target; the next segment wakes the archiver, which archives both
        open(os.path.join(cluster.base, "archive_ok"), "w").close()
        next_segment = complete_a_segment(cluster)
        recovered = wait_for(lambda: (f := run(s, CODE, win=now_window())).outcome is not Outcome.CRITICAL and f,
                             timeout_s=90, what="the archiver to recover")
        row = recovered.evidence[0]
        assert recovered.outcome is Outcome.WARNING, recovered.message.en
        assert row["last_failed_wal"] == segment and row["last_archived_wal"] in (segment, next_segment)
        assert os.path.exists(os.path.join(cluster.base, "archive", segment))
        assert "failed inside the window" in recovered.message.en and "succeeded since" in recovered.message.en
        assert segment in recovered.message.en and "窗口内发生过" in recovered.message.zh

        # the same failure from windows that do not hold it — the window is half-open [start, end)
        failed_at = dt.datetime.fromisoformat(row["last_failed_time"])
        ended_at_failure = run(s, CODE, win=win(failed_at - dt.timedelta(hours=1), failed_at))
        assert ended_at_failure.outcome is Outcome.OK, ended_at_failure.message.en
        # that window also holds the cluster's initdb (stats_reset): earlier failures would be unknown
        assert "failed inside the window" not in ended_at_failure.message.en
        assert "was reset at" in ended_at_failure.message.en
        starts_at_failure = run(s, CODE, win=win(failed_at, failed_at + dt.timedelta(hours=1)))
        assert starts_at_failure.outcome is Outcome.WARNING
        after = run(s, CODE, win=win(failed_at + dt.timedelta(microseconds=1), dt.datetime.now(dt.timezone.utc)))
        assert after.outcome is Outcome.OK and row["archived_count"] >= 1
        assert after.message.en.startswith("WAL archiving works: no failure now"), after.message.en


def test_archive_mode_off_is_not_applicable(cluster):
    cluster.settings["archive_mode"] = "off"  # the cluster's start options, as a DBA's config file
    cluster.restart()
    try:
        with session(cluster) as s:
            assert s.facts["archiving"] is False
            finding = run(s, CODE)
        assert finding.outcome is Outcome.SKIPPED and finding.skip_reason == "not_applicable"
        assert finding.message.en == "not applicable: WAL archiving is off on this server"
    finally:
        cluster.settings["archive_mode"] = "on"
        cluster.restart()
