"""OBJ062 live: free space made by real DELETEs in an InnoDB and a MyISAM table, beside freshly
loaded tables of the same size and a table in the system tablespace, in a scratch schema on the
private mariadbd (tests/mysql_objects.py), as a user holding only SHOW VIEW and PROCESS.

The planted tables are ~18 MB, under MySQLTuner's 100 MB floor, so the default run rates none of
them; the scenario runs lower the floor (min_data_mb 1) and, because a freshly loaded 18 MB InnoDB
table already keeps ~4 MB of free extents (18 %, measured — what the floor is for), raise free_pct to
30 % so that the fresh table is the healthy counterpart of the fragmented one."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.live import REG, wait_for
from tests.mysql_objects import lab, manual, record, rows_of

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ062"
LOW = {"min_data_mb": {"value": 1}, "free_pct": {"warning": 30, "critical": None}}

# What MariaDB ran before mariadb.sql learnt to leave tiny tables unopened: every table's sizes.
REFERENCE = """
WITH facts AS (
    SELECT t.TABLE_SCHEMA AS table_schema, t.TABLE_NAME AS table_name, t.ENGINE AS engine,
           t.DATA_LENGTH AS data_bytes, t.INDEX_LENGTH AS index_bytes, t.DATA_FREE AS free_bytes, NULL AS space
    FROM information_schema.TABLES t
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND t.TABLE_TYPE = 'BASE TABLE'
      AND t.ENGINE <> 'MEMORY'
    UNION ALL
    SELECT SUBSTRING_INDEX(s.NAME, '/', 1), SUBSTRING_INDEX(s.NAME, '/', -1), NULL, NULL, NULL, NULL, s.SPACE
    FROM information_schema.INNODB_SYS_TABLES s
    WHERE s.NAME LIKE '%/%'
), per_table AS (
    SELECT table_schema, table_name, MAX(engine) AS engine, MAX(data_bytes) AS data_bytes, MAX(index_bytes) AS index_bytes,
           MAX(free_bytes) AS free_bytes, COALESCE(MAX(engine) = 'InnoDB' AND MIN(space) = 0, 0) AS shared_tablespace
    FROM facts
    GROUP BY table_schema, table_name
    HAVING MAX(engine) IS NOT NULL
)
SELECT table_schema,
       table_name,
       engine,
       data_bytes,
       index_bytes,
       free_bytes,
       ROUND(100 * free_bytes / NULLIF(data_bytes + index_bytes + IF(engine = 'InnoDB', free_bytes, 0), 0), 2)
                                                                                   AS free_pct,
       shared_tablespace,
       COUNT(*) OVER ()                                                            AS total
FROM per_table
ORDER BY shared_tablespace, free_bytes DESC, table_schema, table_name
LIMIT 200
"""


def _load(lb, db, table, engine, rows=30000):
    lb.sql(f"CREATE TABLE `{db}`.{table} (id int AUTO_INCREMENT PRIMARY KEY, pad char(255) NOT NULL, "
           f"pad2 char(255) NOT NULL) ENGINE={engine}",
           f"INSERT INTO `{db}`.{table} (pad, pad2) SELECT 'x', 'y' FROM `{db}`.seq_1_to_{rows}",
           f"ANALYZE TABLE `{db}`.{table}")


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    with lb.schema(CODE) as db:
        for t, eng in (("inno_fresh", "InnoDB"), ("inno_frag", "InnoDB"), ("isam_fresh", "MyISAM"), ("isam_frag", "MyISAM")):
            _load(lb, db, t, eng)
        with lb.globals(innodb_file_per_table="OFF"):
            _load(lb, db, "in_ibdata", "InnoDB")
        yield lb, db


def free_of(f, table):
    rows = rows_of(f, table_name=table)
    return rows[0] if rows else None


def test_deleted_rows_leave_free_space_rated_above_the_floor(planted):
    lb, db = planted
    before = lb.check(CODE, LOW)
    assert before.outcome is Outcome.OK, before.message.en  # nothing deleted yet
    assert before.message.en.startswith("4 table(s) over 1 MB, none with more than 30% free"), before.message.en
    assert before.message.en.endswith("1 table(s) in a shared tablespace not rated"), before.message.en
    inno_before = free_of(lb.check(CODE, {"min_data_mb": {"value": 0}, "free_pct": {"warning": 101}}), "inno_frag")
    with lb.session(CODE) as s:
        record(CODE, s, "healthy", "OK")

    lb.sql(f"DELETE FROM `{db}`.inno_frag WHERE id > 3000", f"DELETE FROM `{db}`.isam_frag WHERE id % 2 = 0",
           f"DELETE FROM `{db}`.in_ibdata WHERE id > 3000")
    # InnoDB hands pages back once purge has removed the deleted rows; ANALYZE then refreshes DATA_LENGTH
    wait_for(lambda: lb.sql("SHOW GLOBAL STATUS LIKE 'Innodb_history_list_length'")[0][1] == "0", 30, "purge")
    lb.sql(f"ANALYZE TABLE `{db}`.inno_frag, `{db}`.isam_frag")
    f = lb.check(CODE, LOW)
    assert f.outcome is Outcome.WARNING, f.message.en
    assert {r["table_name"] for r in f.evidence} == {"inno_frag", "isam_frag"}, f.evidence
    inno, isam = free_of(f, "inno_frag"), free_of(f, "isam_frag")
    assert inno["free_bytes"] > inno_before["free_bytes"] + 10 * 1024 * 1024 and float(inno["free_pct"]) > 50, (inno_before, inno)
    # MyISAM: half the (fixed-length) rows deleted, half the data file free
    assert isam["free_bytes"] * 2 == isam["data_bytes"] and 45 < float(isam["free_pct"]) < 55, isam
    assert f.message.en.startswith(f"2 table(s) over 1 MB have more than 30% free space") and f"most: {db}.isam_frag (MyISAM" in f.message.en
    assert {o.key for o in f.objects} == {f"{db}.inno_frag", f"{db}.isam_frag"}
    with lb.session(CODE) as s:
        record(CODE, s, "fragmented", "WARNING", "free space", thresholds=LOW)


def test_shared_tablespace_and_floor_are_not_rated(planted):
    lb, db = planted
    with lb.session(CODE) as s:
        rows = s.run(REG.get(CODE).sql_for(s.flavor, s.version).text, {})
    ibdata = next(r for r in rows if r["table_name"] == "in_ibdata")
    assert ibdata["shared_tablespace"] == 1 and rows[-1]["table_name"] == "in_ibdata"  # sorted last
    f = lb.check(CODE, {"min_data_mb": {"value": 0}, "free_pct": {"warning": 30}})
    assert free_of(f, "in_ibdata") is None
    # the defaults: every planted table is under MySQLTuner's 100 MB floor
    f = lb.check(CODE)
    assert f.outcome is Outcome.OK and f.message.en.startswith("No table over the 100 MB floor to rate"), f.message.en


def opened_tables(session) -> int:
    return int(session.fetch("SHOW SESSION STATUS LIKE 'Opened_tables'")[0]["value"])


def test_tiny_tables_past_the_first_200_are_counted_not_opened(planted):
    """400 InnoDB tables in files under two extents (DATA_FREE 0): MariaDB's SQL opens the first 200
    base tables of them by name and counts the rest from their .frm, and its rows are those of the
    SQL that reads every table — with sequences (which have a tablespace too) before them, names
    InnoDB encodes, a MEMORY table, a view, two names that differ only in case; so too when the list
    of tables to read is cut short by group_concat_max_len, and then every table is read."""
    lb, db = planted
    lb.sql(*[f"CREATE SEQUENCE `{db}`.a_seq_{i:02}" for i in range(30)],
           *[f"CREATE TABLE `{db}`.t{i:03} (id int PRIMARY KEY, v varchar(20), KEY (v))" for i in range(400)],
           f"CREATE TABLE `{db}`.`odd-name` (id int PRIMARY KEY)", f"CREATE TABLE `{db}`.mem (id int) ENGINE=MEMORY",
           f"CREATE TABLE `{db}`.case_t (id int PRIMARY KEY)", f"CREATE TABLE `{db}`.CASE_T (id int PRIMARY KEY, x int)",
           f"CREATE TABLE `{db}`.versioned (id int) WITH SYSTEM VERSIONING", f"CREATE VIEW `{db}`.v AS SELECT 1 AS one")
    check = REG.get(CODE)
    with lb.session(CODE) as s:
        ours_sql = check.sql_for(s.flavor, s.version)
        lb.sql("FLUSH TABLES")
        before = opened_tables(s)
        ours = s.run(ours_sql.text, {})
        ours_opened = opened_tables(s) - before
        lb.sql("FLUSH TABLES")
        before = opened_tables(s)
        reference = s.run(REFERENCE, {})
        reference_opened = opened_tables(s) - before
        assert ours == reference
        # total: the 400, the 5 planted, odd-name and case_t/CASE_T (grouped by name, case-insensitively, as before)
        assert len(ours) == 200 and ours[0]["total"] == 400 + 5 + 2, (len(ours), ours[0])
        assert ours_opened + 150 < reference_opened, (ours_opened, reference_opened)
        s.fetch("SET SESSION group_concat_max_len = 4")
        assert s.run(ours_sql.text, {}) == reference


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: TABLES.DATA_LENGTH / INDEX_LENGTH / DATA_FREE,
    INNODB_TABLESPACES.SPACE_TYPE)."""
    manual(CODE, "healthy", [
        {"table_schema": "core", "table_name": "ledger", "engine": "InnoDB", "data_bytes": 5368709120,
         "index_bytes": 1073741824, "free_bytes": 7340032, "free_pct": 0.11, "shared_tablespace": 0, "total": 2},
        {"table_schema": "core", "table_name": "legacy", "engine": "InnoDB", "data_bytes": 209715200,
         "index_bytes": 0, "free_bytes": 1073741824, "free_pct": 83.66, "shared_tablespace": 1, "total": 2}], "OK")
    manual(CODE, "fragmented", [
        {"table_schema": "core", "table_name": "journal", "engine": "InnoDB", "data_bytes": 2147483648,
         "index_bytes": 536870912, "free_bytes": 1610612736, "free_pct": 37.5, "shared_tablespace": 0, "total": 1}],
        "WARNING", "free space")
