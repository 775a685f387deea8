"""OBJ066 live: tables loaded with real rows on the private mariadbd (tests/mysql_objects.py) — one
without a secondary index, one with, a small one and a MyISAM one (no InnoDB statistics: unsized) —
sized from InnoDB's persistent statistics as a user holding exactly the declared grants, and
measured again after more rows go in. The planted tables are ~20 MB, so the scenarios lower the
1 GB guard and set a size limit; with the defaults nothing is rated."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.mysql_objects import lab, manual, record, rows_of

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ066"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    with lb.schema(CODE, "latin1") as db:
        yield lb, db


def _load(lb, db, table, rows, index=False):
    lb.sql(f"CREATE TABLE `{db}`.{table} (id int AUTO_INCREMENT PRIMARY KEY, k int NOT NULL, pad char(250) NOT NULL, "
           f"pad2 char(250) NOT NULL{', KEY (k)' if index else ''}) ENGINE=InnoDB",
           f"INSERT INTO `{db}`.{table} (k, pad, pad2) SELECT seq, 'x', 'y' FROM `{db}`.seq_1_to_{rows}",
           f"ANALYZE TABLE `{db}`.{table}")


def test_sizes_from_the_statistics_and_a_large_table_without_index(planted):
    lb, db = planted
    f = lb.check(CODE)
    assert f.outcome is Outcome.OK and f.message.en == "No user table", f.message.en

    _load(lb, db, "journal", 40000)
    _load(lb, db, "ledger", 40000, index=True)
    _load(lb, db, "codes", 100)
    lb.sql(f"CREATE TABLE `{db}`.old_log (id int PRIMARY KEY) ENGINE=MyISAM")
    f = lb.check(CODE)
    assert f.outcome is Outcome.OK, f.message.en  # 20 MB: under every default
    journal, ledger = rows_of(f, table_name="journal")[0], rows_of(f, table_name="ledger")[0]
    assert [r["table_name"] for r in f.evidence][:2] in (["ledger", "journal"], ["journal", "ledger"])
    assert 15 * MB < journal["data_bytes"] < 40 * MB and journal["index_bytes"] == 0 and journal["secondary_indexes"] == 0
    assert ledger["index_bytes"] > 0 and ledger["secondary_indexes"] == 1 and journal["rows_estimate"] > 30000
    assert rows_of(f, table_name="old_log")[0]["sized"] == 0 and f.evidence[0]["unsized"] == 1
    assert "4 user table(s)" in f.message.en and "1 table(s) not sized" in f.message.en
    assert "growth is not measured yet" in f.message.en
    with lb.session(CODE) as s:
        record(CODE, s, "healthy", "OK")

    low = {"no_index_min_gb": {"value": 0.01}}  # 10 MB
    f = lb.check(CODE, low)
    assert f.outcome is Outcome.WARNING and [r["table_name"] for r in f.evidence] == ["journal"], f.message.en
    assert f.message.en.startswith(f"{db}.journal holds ") and " MB (about " in f.message.en
    assert "has no secondary index" in f.message.en
    assert [(o.key, o.outcome) for o in f.objects] == [(f"{db}.journal", Outcome.WARNING)]
    with lb.session(CODE) as s:
        record(CODE, s, "no-index", "WARNING", "no secondary index", thresholds=low)

    # more rows in, statistics refreshed: the size measured grows
    lb.sql(f"INSERT INTO `{db}`.journal (k, pad, pad2) SELECT seq, 'x', 'y' FROM `{db}`.seq_1_to_40000",
           f"ANALYZE TABLE `{db}`.journal")
    after = rows_of(lb.check(CODE), table_name="journal")[0]
    assert after["data_bytes"] > journal["data_bytes"] * 1.6 and after["rows_estimate"] > 70000, (journal, after)


def test_a_site_size_limit(planted):
    lb, db = planted
    f = lb.check(CODE, {"table_gb": {"warning": 0.01, "critical": 0.03}})
    assert f.outcome is Outcome.CRITICAL and f.evidence[0]["table_name"] == "journal", f.message.en
    assert {r["table_name"] for r in f.evidence} == {"journal", "ledger"}
    assert f.message.en.startswith("2 table(s) over 0.0") and f"the largest, {db}.journal" in f.message.en


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: TABLES.DATA_LENGTH / INDEX_LENGTH / TABLE_ROWS, STATISTICS)."""
    base = {"engine": "InnoDB", "stats_updated": None, "sized": 1, "unsized": 0, "all_bytes": 7516192768, "total": 2}
    manual(CODE, "healthy", [
        {"table_schema": "core", "table_name": "ledger", "rows_estimate": 51000000, "data_bytes": 5368709120,
         "index_bytes": 1073741824, "total_bytes": 6442450944, "secondary_indexes": 3, "share_pct": 85.71, **base},
        {"table_schema": "core", "table_name": "customer", "rows_estimate": 2100000, "data_bytes": 805306368,
         "index_bytes": 268435456, "total_bytes": 1073741824, "secondary_indexes": 2, "share_pct": 14.29, **base}], "OK")
    manual(CODE, "no-index", [
        {"table_schema": "core", "table_name": "ledger", "rows_estimate": 51000000, "data_bytes": 5368709120,
         "index_bytes": 1073741824, "total_bytes": 6442450944, "secondary_indexes": 3, "share_pct": 80.0,
         **{**base, "all_bytes": 8053063680}},
        {"table_schema": "core", "table_name": "txn_archive", "rows_estimate": 13500000, "data_bytes": 1610612736,
         "index_bytes": 0, "total_bytes": 1610612736, "secondary_indexes": 0, "share_pct": 20.0,
         **{**base, "all_bytes": 8053063680}}],
        "WARNING", "no secondary index")


def test_system_versioned_tables_are_sized(planted):
    """A WITH SYSTEM VERSIONING table (TABLE_TYPE 'SYSTEM VERSIONED', MariaDB 10.3+) is a user table: its
    current and history rows are in its statistics (review should-fix 9)."""
    lb, db = planted
    lb.sql(f"CREATE TABLE `{db}`.sv_hist (id int PRIMARY KEY, v int) ENGINE=InnoDB WITH SYSTEM VERSIONING",
           f"INSERT INTO `{db}`.sv_hist SELECT seq, 0 FROM `{db}`.seq_1_to_2000",
           f"UPDATE `{db}`.sv_hist SET v = 1", f"ANALYZE TABLE `{db}`.sv_hist")
    try:
        row = rows_of(lb.check(CODE), table_name="sv_hist")
        assert row and row[0]["sized"] == 1 and row[0]["rows_estimate"] >= 3000, row  # 2,000 current + history
    finally:
        lb.sql(f"DROP TABLE `{db}`.sv_hist")
