"""OBJ060 live: MyISAM and MEMORY tables planted beside an InnoDB one in a scratch schema on the
private mariadbd (tests/mysql_objects.py), measured before and after planting, as a user holding
only SHOW VIEW."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.mysql_objects import lab, manual, record, rows_of

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ060"


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    before = lb.check(CODE)
    with lb.session(CODE) as s:
        record(CODE, s, "healthy", "OK")
    with lb.schema(CODE) as db:
        lb.sql(f"CREATE TABLE `{db}`.inno_t (id int PRIMARY KEY) ENGINE=InnoDB",
               f"CREATE TABLE `{db}`.myisam_t (id int PRIMARY KEY) ENGINE=MyISAM",
               f"CREATE TABLE `{db}`.mem_t (id int PRIMARY KEY) ENGINE=MEMORY",
               f"CREATE VIEW `{db}`.v AS SELECT id FROM `{db}`.myisam_t")
        yield lb, db, before


def test_non_innodb_tables_found_and_the_innodb_one_not(planted):
    lb, db, before = planted
    assert before.outcome is Outcome.OK and before.evidence == [], before.message.en
    assert before.message.en == "Every user table is InnoDB"

    f = lb.check(CODE)
    assert f.outcome is Outcome.WARNING, f.message.en
    assert {(r["table_name"], r["engine"]) for r in f.evidence} == {("mem_t", "MEMORY"), ("myisam_t", "MyISAM")}
    assert {r["table_schema"] for r in f.evidence} == {db} and f.evidence[0]["total"] == 2
    assert {o.key for o in f.objects} == {f"{db}.mem_t", f"{db}.myisam_t"}
    assert f.message.en.startswith(f"2 user table(s) not in InnoDB, e.g. {db}.mem_t (MEMORY; 1 table(s) in MEMORY)")
    assert "InnoDB" in f.message.zh
    with lb.session(CODE) as s:
        record(CODE, s, "myisam-memory", "WARNING", "not in InnoDB")
        record(CODE, s, "galera", "CRITICAL", "Galera replicates InnoDB only", facts={"role": "primary", "galera": True},
               note="recorded on a private mariadbd (rows as planted by the live test); facts.galera set by hand: "
                    "the same tables on a Galera node")


def test_accepted_engines_are_not_findings(planted):
    lb, db, _ = planted
    f = lb.check(CODE, {"accepted_engines": {"value": "MyISAM,MEMORY"}})
    assert f.outcome is Outcome.OK and f.message.en == "No user table outside InnoDB except 2 in accepted engines"
    f = lb.check(CODE, {"accepted_engines": {"value": "MEMORY"}})
    assert f.outcome is Outcome.WARNING and [r["table_name"] for r in f.evidence] == ["myisam_t"]
    assert rows_of(f, table_name="myisam_t")[0]["engine_tables"] == 1


def test_a_user_without_show_view_is_skipped_not_ok(planted):
    lb, db, _ = planted
    from checks.adapters import ConnectTarget, open_session
    from tests.live import run

    lb.sql(f"CREATE USER IF NOT EXISTS 'bare_{CODE.lower()}'@'127.0.0.1' IDENTIFIED BY '{lb.password}'")
    with open_session(ConnectTarget("mariadb", "127.0.0.1", lb.port, None, f"bare_{CODE.lower()}", lb.password)) as s:
        f = run(s, CODE)
    assert f.outcome is Outcome.SKIPPED and f.message.en == "missing privilege: SHOW VIEW", f.message.en


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: information_schema.TABLES ENGINE, TABLE_TYPE, TABLE_COMMENT)."""
    manual(CODE, "healthy", [], "OK")
    manual(CODE, "myisam", [
        {"table_schema": "core", "table_name": "audit_log", "engine": "MyISAM", "problem": None, "engine_tables": 1,
         "total": 1}], "WARNING", "not in InnoDB")


def test_system_versioned_tables_are_tables(planted):
    """MariaDB 10.3+ reports WITH SYSTEM VERSIONING tables as TABLE_TYPE 'SYSTEM VERSIONED': a MyISAM one
    was not returned at all (review should-fix 9, measured on 10.11)."""
    lb, db, _ = planted
    lb.sql(f"CREATE TABLE `{db}`.sv_t (id int PRIMARY KEY) ENGINE=MyISAM WITH SYSTEM VERSIONING")
    try:
        assert lb.value(f"SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}' "
                        "AND TABLE_NAME = 'sv_t'") == "SYSTEM VERSIONED"
        assert rows_of(lb.check(CODE), table_name="sv_t")[0]["engine"] == "MyISAM"
    finally:
        lb.sql(f"DROP TABLE `{db}`.sv_t")
