"""OBJ067 live: RANGE-partitioned tables whose last bound is 30, 10, 3 and -1 days away (TO_DAYS,
RANGE COLUMNS, UNIX_TIMESTAMP), one with a MAXVALUE catch-all ahead of its bound and one whose
catch-all already holds today's rows, beside an id-ranged table (not rated), on the private
mariadbd (tests/mysql_objects.py), as a user holding only SHOW VIEW and PROCESS (MariaDB reads
INNODB_SYS_TABLES too). Dates are the server's."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.live import REG
from tests.mysql_objects import lab, manual, record, rows_of

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ067"


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    with lb.schema(CODE) as db:
        yield lb, db, lb.value("SELECT CURDATE()")


def day(today: dt.date, n: int) -> str:
    return (today + dt.timedelta(days=n)).isoformat()


def test_last_bounds_rated_by_days_left(planted):
    lb, db, today = planted
    assert lb.check(CODE).message.en == "No RANGE-partitioned table"
    lb.sql(f"CREATE TABLE `{db}`.t_days (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d)) "
           f"PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p0 VALUES LESS THAN (TO_DAYS('{day(today, -30)}')), "
           f"PARTITION p1 VALUES LESS THAN (TO_DAYS('{day(today, 30)}')))",
           f"CREATE TABLE `{db}`.t_ids (id int NOT NULL PRIMARY KEY) PARTITION BY RANGE (id) "
           "(PARTITION p0 VALUES LESS THAN (1000), PARTITION p1 VALUES LESS THAN (2000))")
    f = lb.check(CODE)
    assert f.outcome is Outcome.OK, f.message.en
    assert rows_of(f, table_name="t_days")[0]["days_left"] == 30 and rows_of(f, table_name="t_ids")[0]["days_left"] is None
    assert f.message.en.startswith(f"1 date-partitioned table(s): the nearest last bound is {day(today, 30)}, 30 days "
                                   f"away ({db}.t_days")
    assert f.message.en.endswith("1 with non-date bounds not rated")
    with lb.session(CODE) as s:
        record(CODE, s, "healthy", "OK")

    lb.sql(f"CREATE TABLE `{db}`.t_near (id int NOT NULL, d datetime NOT NULL, PRIMARY KEY (id, d)) "
           f"PARTITION BY RANGE COLUMNS (d) (PARTITION p1 VALUES LESS THAN ('{day(today, 10)} 00:00:00'))",
           f"CREATE TABLE `{db}`.t_soon (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d)) "
           f"PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (TO_DAYS('{day(today, 3)}')))",
           f"CREATE TABLE `{db}`.t_passed (id int NOT NULL, ts timestamp NOT NULL, PRIMARY KEY (id, ts)) "
           f"PARTITION BY RANGE (UNIX_TIMESTAMP(ts)) (PARTITION p1 VALUES LESS THAN (UNIX_TIMESTAMP('{day(today, -1)}')))",
           f"CREATE TABLE `{db}`.t_catch (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d)) "
           f"PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (TO_DAYS('{day(today, 5)}')), "
           "PARTITION pmax VALUES LESS THAN MAXVALUE)",
           f"CREATE TABLE `{db}`.t_spill (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d)) "
           f"PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p1 VALUES LESS THAN (TO_DAYS('{day(today, 0)}')), "
           "PARTITION pmax VALUES LESS THAN MAXVALUE)",
           f"INSERT INTO `{db}`.t_spill VALUES (1, CURDATE()), (2, CURDATE())", f"ANALYZE TABLE `{db}`.t_spill")
    with pytest.raises(sa.exc.DBAPIError, match="1526"):  # what the finding is about: today's row has no partition
        lb.sql(f"INSERT INTO `{db}`.t_passed VALUES (1, NOW())")

    f = lb.check(CODE)
    assert f.outcome is Outcome.CRITICAL, f.message.en
    got = {r["table_name"]: r["days_left"] for r in f.evidence}
    assert got == {"t_passed": -1, "t_soon": 3, "t_catch": 5, "t_spill": 0, "t_near": 10}, got
    levels = {o.key.split(".", 1)[1]: o.outcome for o in f.objects}
    assert levels == {"t_passed": Outcome.CRITICAL, "t_soon": Outcome.CRITICAL, "t_near": Outcome.WARNING,
                      "t_catch": Outcome.WARNING, "t_spill": Outcome.WARNING}, levels
    assert rows_of(f, table_name="t_spill")[0]["maxvalue_rows"] == 2
    assert f.message.en.startswith(f"{db}.t_passed: its last partition p1 ended on {day(today, -1)}") and "ERROR 1526" in f.message.en
    assert "5 table(s) at fault" in f.message.en
    with lb.session(CODE) as s:
        record(CODE, s, "near-bound", "CRITICAL", "ERROR 1526")


def test_adding_partitions_clears_the_finding(planted):
    lb, db, today = planted
    lb.sql(f"DROP TABLE `{db}`.t_passed, `{db}`.t_soon, `{db}`.t_spill",
           f"ALTER TABLE `{db}`.t_near ADD PARTITION (PARTITION p2 VALUES LESS THAN ('{day(today, 40)} 00:00:00'))",
           f"ALTER TABLE `{db}`.t_catch REORGANIZE PARTITION pmax INTO (PARTITION p2 VALUES LESS THAN "
           f"(TO_DAYS('{day(today, 20)}')), PARTITION pmax VALUES LESS THAN MAXVALUE)")
    f = lb.check(CODE)
    assert f.outcome is Outcome.OK, f.message.en
    assert {r["table_name"]: r["days_left"] for r in f.evidence if r["days_left"] is not None} == \
           {"t_catch": 20, "t_days": 30, "t_near": 40}
    f = lb.check(CODE, {"days_left": {"warning": 25, "critical": 10}})
    assert f.outcome is Outcome.WARNING, f.message.en
    assert [r["table_name"] for r in f.evidence] == ["t_catch"] and "MAXVALUE partition pmax" in f.message.en


def opened_tables(session) -> int:
    return int(session.fetch("SHOW SESSION STATUS LIKE 'Opened_tables'")[0]["value"])


def test_unpartitioned_innodb_tables_are_not_opened(planted):
    """MariaDB's SQL leaves the tables InnoDB's dictionary shows unpartitioned out by name (a test
    MariaDB makes before it opens a table) and returns the rows of mysql.sql, which reads PARTITIONS
    of every table (what MariaDB ran before): partitioned InnoDB and MyISAM tables, names InnoDB
    encodes, a partitioned table beside an unpartitioned one whose name differs only in case; so too
    when the list is cut short by group_concat_max_len, and then every table is read."""
    lb, db, today = planted
    lb.sql(*[f"CREATE TABLE `{db}`.plain_{i} (id int PRIMARY KEY)" for i in range(40)],
           f"CREATE TABLE `{db}`.p_isam (id int NOT NULL, d date NOT NULL) ENGINE=MyISAM "
           f"PARTITION BY RANGE (YEAR(d)) (PARTITION p0 VALUES LESS THAN ({today.year + 1}))",
           f"CREATE TABLE `{db}`.`p-odd` (id int NOT NULL, d date NOT NULL) "
           f"PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p0 VALUES LESS THAN (TO_DAYS('{day(today, 12)}')))",
           f"CREATE TABLE `{db}`.case_t (id int PRIMARY KEY)",
           f"CREATE TABLE `{db}`.CASE_T (id int NOT NULL, d date NOT NULL) "
           f"PARTITION BY RANGE COLUMNS (d) (PARTITION p0 VALUES LESS THAN ('{day(today, 50)}'))",
           f"CREATE TABLE `{db}`.p_sub (id int NOT NULL, y int NOT NULL) PARTITION BY RANGE (y) "
           "SUBPARTITION BY HASH (id) SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (2000))")
    check = REG.get(CODE)
    with lb.session(CODE) as s:
        ours_sql = check.sql_for(s.flavor, s.version)
        assert ours_sql.path.name == "mariadb.sql"
        reference_sql = (check.folder / "mysql.sql").read_text()
        lb.sql("FLUSH TABLES")
        before = opened_tables(s)
        ours = s.run(ours_sql.text, {})
        ours_opened = opened_tables(s) - before
        lb.sql("FLUSH TABLES")
        before = opened_tables(s)
        reference = s.run(reference_sql, {})
        reference_opened = opened_tables(s) - before
        assert ours == reference
        assert {r["table_name"] for r in ours} >= {"p_isam", "p-odd", "CASE_T", "p_sub", "t_days"}, ours
        assert ours_opened < 20 and reference_opened >= 40, (ours_opened, reference_opened)
        s.fetch("SET SESSION group_concat_max_len = 4")
        assert s.run(ours_sql.text, {}) == reference


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: PARTITIONS.PARTITION_METHOD / EXPRESSION / DESCRIPTION / TABLE_ROWS)."""
    row = {"table_schema": "core", "table_name": "txn_log", "partition_method": "RANGE",
           "partition_expression": "to_days(`txn_date`)", "partitions": 400, "last_partition": "p20270101",
           "bounded_partition": "p20270101", "last_bound": "740347", "has_maxvalue": 0, "maxvalue_rows": None}
    manual(CODE, "healthy", [{**row, "days_left": 31, "total": 1, "bound_date": "2027-01-01"}], "OK")
    manual(CODE, "near-bound", [{**row, "days_left": 4, "total": 1, "bound_date": "2027-01-01"}], "CRITICAL", "ERROR 1526")
