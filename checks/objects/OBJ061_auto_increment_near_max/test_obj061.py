"""OBJ061 live: AUTO_INCREMENT counters pushed near their type's maximum by real inserts, beside a
healthy one, in a scratch schema on the private mariadbd (tests/mysql_objects.py), as a user
holding only REFERENCES; measured before and after each insert."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.live import REG
from tests.mysql_objects import lab, manual, record, rows_of

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ061"


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    with lb.schema(CODE) as db:
        yield lb, db


def test_counters_near_the_type_maximum(planted):
    lb, db = planted
    f = lb.check(CODE)
    assert f.outcome is Outcome.OK and f.message.en == "No AUTO_INCREMENT column in a user table", f.message.en

    lb.sql(f"CREATE TABLE `{db}`.orders (id int unsigned AUTO_INCREMENT PRIMARY KEY, v int)",
           f"INSERT INTO `{db}`.orders (v) VALUES (1), (2), (3)")
    f = lb.check(CODE)
    assert f.outcome is Outcome.OK, f.message.en
    assert rows_of(f, table_name="orders")[0]["next_value"] == 4
    with lb.session(CODE) as s:
        record(CODE, s, "healthy", "OK")

    lb.sql(f"CREATE TABLE `{db}`.tickets (id smallint unsigned AUTO_INCREMENT PRIMARY KEY, v int)",
           f"INSERT INTO `{db}`.tickets (id, v) VALUES (59999, 0)")  # the next value is 60000 of 65535
    f = lb.check(CODE)
    assert f.outcome is Outcome.WARNING, f.message.en
    row = rows_of(f, table_name="tickets")[0]
    assert (row["next_value"], row["max_value"], float(row["used_pct"])) == (60000, 65535, 91.55)
    assert rows_of(f, table_name="orders") == []  # evidence: the offenders only
    assert f.message.en.startswith(f"{db}.tickets.id (smallint(5) unsigned) has used 91.5")
    assert [(o.key, o.outcome) for o in f.objects] == [(f"{db}.tickets", Outcome.WARNING)]

    lb.sql(f"CREATE TABLE `{db}`.codes (id tinyint AUTO_INCREMENT PRIMARY KEY, v int)",
           f"INSERT INTO `{db}`.codes (id, v) VALUES (125, 0)", f"INSERT INTO `{db}`.codes (v) VALUES (1)")
    f = lb.check(CODE)
    assert f.outcome is Outcome.CRITICAL and f.evidence[0]["table_name"] == "codes", f.message.en
    assert (f.evidence[0]["next_value"], f.evidence[0]["max_value"]) == (127, 127)  # signed: 255 >> 1
    assert f.message.en.startswith(f"{db}.codes.id (tinyint(4)) has used 100") and "2 of 3" in f.message.en
    assert {(o.key, o.outcome) for o in f.objects} == {(f"{db}.codes", Outcome.CRITICAL), (f"{db}.tickets", Outcome.WARNING)}
    with lb.session(CODE) as s:
        record(CODE, s, "near-max", "CRITICAL", "has used")

    # what the finding warns of: the last value goes in, the next insert is refused
    lb.sql(f"INSERT INTO `{db}`.codes (v) VALUES (2)")
    with pytest.raises(sa.exc.DBAPIError):
        lb.sql(f"INSERT INTO `{db}`.codes (v) VALUES (3)")


def test_thresholds_move_the_levels(planted):
    lb, db = planted
    f = lb.check(CODE, {"used_pct": {"warning": 95, "critical": 101}})
    assert f.outcome is Outcome.WARNING and [r["table_name"] for r in f.evidence] == ["codes"], f.message.en


def opened_tables(session) -> int:
    return int(session.fetch("SHOW SESSION STATUS LIKE 'Opened_tables'")[0]["value"])


def test_only_tables_with_an_auto_increment_column_are_opened(planted):
    """MariaDB's SQL opens only the tables COLUMNS shows with an AUTO_INCREMENT column (a name test
    MariaDB makes before it opens a table), and returns the rows of mysql.sql, which reads
    TABLES.AUTO_INCREMENT of every table (what MariaDB ran before); so too when the list of those
    tables is cut short by group_concat_max_len, and then every table is read."""
    lb, db = planted
    lb.sql(*[f"CREATE TABLE `{db}`.plain_{i} (id int PRIMARY KEY)" for i in range(40)],
           f"CREATE TABLE `{db}`.`odd-name` (id int AUTO_INCREMENT PRIMARY KEY)",
           f"CREATE TABLE `{db}`.`ODD-NAME2` (id bigint AUTO_INCREMENT PRIMARY KEY) ENGINE=MyISAM AUTO_INCREMENT=77")
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
        assert ours == reference and {r["table_name"] for r in ours} >= {"codes", "tickets", "odd-name", "ODD-NAME2"}
        assert ours_opened < 10 and reference_opened >= 40, (ours_opened, reference_opened)
        s.fetch("SET SESSION group_concat_max_len = 4")
        assert s.run(ours_sql.text, {}) == reference


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: COLUMNS.EXTRA / COLUMN_TYPE, TABLES.AUTO_INCREMENT)."""
    manual(CODE, "healthy", [
        {"table_schema": "core", "table_name": "accounts", "column_name": "id", "column_type": "bigint unsigned",
         "next_value": 1200345, "max_value": 18446744073709551615, "used_pct": 0.0, "table_rows": 1200001,
         "total": 1}], "OK")
    manual(CODE, "near-max", [
        {"table_schema": "core", "table_name": "journal", "column_name": "id", "column_type": "int",
         "next_value": 2040109517, "max_value": 2147483647, "used_pct": 95.0, "table_rows": 2039000000, "total": 14},
        {"table_schema": "core", "table_name": "accounts", "column_name": "id", "column_type": "bigint unsigned",
         "next_value": 1200345, "max_value": 18446744073709551615, "used_pct": 0.0, "table_rows": 1200001,
         "total": 14}], "CRITICAL", "has used")
