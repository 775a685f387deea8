"""OBJ045 live, on a private cluster with 1 MB WAL segments and max_wal_size 8 MB, as a user holding
exactly the declared pg_monitor: pg_wal is measured after a checkpoint (well under the soft limit),
then held past it twice for real reasons — an archive_command that fails (segments wait as .ready),
then a physical replication slot nobody consumes — each time named as the cause, and measured back
under the limit once the cause is removed. Sizes are checked against pg_ls_waldir() as the superuser.

DBPATROL_RECORD_FIXTURES=1 re-records fixtures/ from these runs (the rows of the check's own SQL).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import yaml

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.fixture_files import _plain, sha256
from tests.live import REG, declared_grants, run, wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "OBJ045"
MON = "dbp_obj045_mon"
SLOT = "dbp_obj045_slot"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters({"max_wal_size": "8MB", "min_wal_size": "2MB", "archive_mode": "on"}, initdb_args=("--wal-segsize=1",))
    c.sql("ALTER SYSTEM SET archive_command = 'true'")  # in postgresql.auto.conf: a command-line -c would win over ALTER SYSTEM
    c.sql("SELECT pg_reload_conf()")
    c.sql(f"CREATE ROLE {MON} LOGIN")
    for stmt in declared_grants(CODE, MON):
        c.sql(stmt)
    c.sql("CREATE TABLE wal_maker (id int)")
    return c


def session(c):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON))


def write_wal(c, segments: int) -> None:
    """Fill and switch `segments` WAL segments (1 MB each here)."""
    for _ in range(segments):
        c.sql("INSERT INTO wal_maker VALUES (1)")
        c.sql("SELECT pg_switch_wal()")


def checkpoint(c) -> None:
    c.sql("CHECKPOINT")
    c.sql("CHECKPOINT")


def wal_bytes(c) -> int:
    return int(c.sql("SELECT sum(size) FROM pg_ls_waldir()"))


def record(s, scenario: str, outcome: str, contains: str, note: str) -> None:
    """With DBPATROL_RECORD_FIXTURES=1: the rows the check's SQL returns now, as fixtures/postgresql-<scenario>.yaml."""
    if os.environ.get("DBPATROL_RECORD_FIXTURES") != "1":
        return
    check = REG.get(CODE)
    variant = check.sql_for(s.flavor, s.version)
    doc = {"engine": s.flavor, "server_version": s.server_version, "facts": {"role": s.facts.get("role")},
           "sql": variant.path.name, "sql_sha256": sha256(variant.path),
           "rows": [{k: _plain(v) for k, v in r.items()} for r in s.run(variant.text, {})],
           "expect": {"outcome": outcome, "message_contains": contains},
           "note": f"recorded by test_obj045.py (DBPATROL_RECORD_FIXTURES=1) on {dt.date.today()} from a private "
                   f"cluster (1 MB segments, max_wal_size 8 MB): {note}"}
    (check.folder / "fixtures" / f"postgresql-{scenario}.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_pg_wal_held_by_a_failing_archiver_then_by_a_slot(cluster):
    with session(cluster) as s:
        checkpoint(cluster)
        before = run(s, CODE)
        row = before.evidence[0]
        assert row["wal_bytes"] == wal_bytes(cluster) and row["max_wal_size_bytes"] == 8 * MB
        assert row["soft_limit_bytes"] == 8 * MB and row["soft_limit_pct"] < 100 and row["slot_name"] is None
        assert before.outcome is Outcome.OK and before.message.en.startswith("pg_wal holds "), before.message.en
        record(s, "healthy", "OK", "this primary is set to keep", "after two checkpoints")

        cluster.sql("ALTER SYSTEM SET archive_command = 'false'")
        cluster.sql("SELECT pg_reload_conf()")
        write_wal(cluster, 30)
        checkpoint(cluster)
        failing = run(s, CODE)
        row = failing.evidence[0]
        assert row["wal_bytes"] == wal_bytes(cluster) and row["wal_bytes"] >= 30 * MB
        assert row["archive_ready"] >= 29 and row["soft_limit_pct"] >= 300, row
        assert failing.outcome is Outcome.CRITICAL and failing.database is None  # the instance's one pg_wal
        assert f"{row['archive_ready']} segment(s) wait for the archiver (.ready)" in failing.message.en, failing.message.en
        record(s, "archiver-failing", "CRITICAL", "wait for the archiver", "archive_command = 'false', 30 segments written")

        cluster.sql("ALTER SYSTEM SET archive_command = 'true'")
        cluster.sql("SELECT pg_reload_conf()")
        wait_for(lambda: run(s, CODE).evidence[0]["archive_ready"] == 0, 30, "the archiver to catch up")
        checkpoint(cluster)
        recovered = run(s, CODE)
        # recycled segments are kept up to max_wal_size: 100 % after a burst is normal, and not flagged
        assert recovered.outcome is Outcome.OK and recovered.evidence[0]["soft_limit_pct"] <= 100, recovered.message.en

        cluster.sql(f"SELECT pg_create_physical_replication_slot('{SLOT}', true)")
        try:
            write_wal(cluster, 30)
            checkpoint(cluster)
            held = run(s, CODE)
            row = held.evidence[0]
            assert row["slot_name"] == SLOT and row["slot_active"] is False and row["slot_retained_bytes"] >= 29 * MB
            assert held.outcome is Outcome.CRITICAL and row["archive_ready"] == 0, held.message.en
            assert f"replication slot {SLOT} (physical, active: no) alone retains " in held.message.en, held.message.en
            # nit 26: booleans and -1 in words, per language
            assert "(max_slot_wal_keep_size unlimited)" in held.message.en and "活动：否" in held.message.zh
            assert "不限" in held.message.zh and "False" not in held.message.zh
            record(s, "slot-retains", "CRITICAL", f"replication slot {SLOT}", "an inactive physical slot, 30 segments written")
            absolute = run(s, CODE, {"soft_limit_pct": {"warning": None, "critical": None},
                                     "wal_gb": {"warning": 0.01, "critical": None}})
            assert absolute.outcome is Outcome.WARNING and "set for this site" in absolute.message.en
        finally:
            cluster.sql(f"SELECT pg_drop_replication_slot('{SLOT}')")
        checkpoint(cluster)
        after = run(s, CODE)
        assert after.outcome is Outcome.OK and after.evidence[0]["slot_name"] is None, after.message.en
