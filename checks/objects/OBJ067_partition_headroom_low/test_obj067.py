"""OBJ067 live: RANGE-partitioned tables whose last bound is 30, 10, 3 and -1 days away (TO_DAYS,
RANGE COLUMNS, UNIX_TIMESTAMP), one with a MAXVALUE catch-all ahead of its bound and one whose
catch-all already holds today's rows, beside an id-ranged table (not rated), on the private
mariadbd (tests/mysql_objects.py), as a user holding only SHOW VIEW. Dates are the server's."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
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


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: PARTITIONS.PARTITION_METHOD / EXPRESSION / DESCRIPTION / TABLE_ROWS)."""
    row = {"table_schema": "core", "table_name": "txn_log", "partition_method": "RANGE",
           "partition_expression": "to_days(`txn_date`)", "partitions": 400, "last_partition": "p20270101",
           "bounded_partition": "p20270101", "last_bound": "740347", "has_maxvalue": 0, "maxvalue_rows": None}
    manual(CODE, "healthy", [{**row, "days_left": 31, "total": 1, "bound_date": "2027-01-01"}], "OK")
    manual(CODE, "near-bound", [{**row, "days_left": 4, "total": 1, "bound_date": "2027-01-01"}], "CRITICAL", "ERROR 1526")
