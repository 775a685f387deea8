"""ERR001 on a private cluster made with initdb -k, with a real corrupted data page.

A table is written and checkpointed, the cluster is stopped, garbage is written with dd into the
middle of the table's first page (the page header stays intact, so the checksum is what fails),
the cluster is started and the table read: PostgreSQL counts a checksum failure in that database.
Then checksums are disabled (pg_checksums --disable, offline): the check no longer applies.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for
from tests.servers import AS_POSTGRES, PG_BIN

pytestmark = pytest.mark.timeout(120)

CODE = "ERR001"
MON = "dbp_mon_err001"
DB = "dbp_err001"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters(initdb_args=("-k",))
    assert REG.get(CODE).spec.support("postgresql").privilege == "login"
    c.sql(f"CREATE ROLE {MON} LOGIN")
    c.sql(f"CREATE DATABASE {DB}")
    c.sql("CREATE TABLE ledger AS SELECT g AS id, repeat('x', 100) AS note FROM generate_series(1, 500) g", DB)
    yield c
    c.destroy()


def session(c):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON))


def corrupt_first_page(c, table: str, database: str) -> None:
    path = os.path.join(c.data, c.sql(f"SELECT pg_relation_filepath('{table}')", database))
    c.sql("CHECKPOINT")
    c.stop()
    subprocess.run(["dd", "if=/dev/urandom", f"of={path}", "bs=512", "seek=8", "count=2", "conv=notrunc"],
                   check=True, capture_output=True)
    c.start()


def test_a_corrupted_page_is_a_checksum_failure(cluster):
    with session(cluster) as s:
        healthy = run(s, CODE)
        assert healthy.outcome is Outcome.OK, healthy.message.en
        assert healthy.evidence == [] and "no data page checksum failure" in healthy.message.en

        corrupt_first_page(cluster, "ledger", DB)
    t_corrupt = dt.datetime.now(dt.timezone.utc)
    with pytest.raises(Exception, match="invalid page in block 0"):
        cluster.sql("SELECT count(*) FROM ledger", DB)

    with session(cluster) as s:
        def counted():
            f = run(s, CODE)
            return f if any(r["datname"] == DB for r in f.evidence) else None

        finding = wait_for(counted, timeout_s=15, what="the checksum failure to be counted")
        row = next(r for r in finding.evidence if r["datname"] == DB)
        assert row["checksum_failures"] == 1 and row["failed_in_window"] is True, row
        assert dt.datetime.fromisoformat(row["checksum_last_failure"]) >= t_corrupt - dt.timedelta(seconds=1)
        assert finding.outcome is Outcome.CRITICAL and [o.key for o in finding.objects] == [DB]
        assert f"database {DB} last failed at" in finding.message.en and "inside the window" in finding.message.en
        assert "位于巡检窗口内" in finding.message.zh

        # the same failure seen from a window that ended before it: still on record, a WARNING
        last = dt.datetime.fromisoformat(row["checksum_last_failure"])
        earlier = run(s, CODE, win=(last - dt.timedelta(days=1), last))
        assert earlier.outcome is Outcome.WARNING and "before the window" in earlier.message.en, earlier.message.en
        # with critical unset, a failure inside the window is a WARNING that still says "inside the window"
        no_critical = run(s, CODE, {"checksum_failures": {"warning": 1, "critical": None}})
        assert no_critical.outcome is Outcome.WARNING and "inside the window" in no_critical.message.en


def test_checksums_off_is_not_applicable(cluster):
    cluster.stop()
    subprocess.run([*AS_POSTGRES, f"{PG_BIN}/pg_checksums", "--disable", "-D", cluster.data], check=True,
                   capture_output=True, timeout=60)
    cluster.start()
    with session(cluster) as s:
        finding = run(s, CODE)
    assert finding.outcome is Outcome.SKIPPED, finding.message.en
    assert finding.message.en.startswith("not applicable: data_checksums is off")
