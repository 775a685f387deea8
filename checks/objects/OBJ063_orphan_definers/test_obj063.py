"""OBJ063 live: views, routines and events made by an account that is then dropped (MariaDB drops it
without a word), beside objects of a live account and of a role, in a scratch schema on the private
mariadbd (tests/mysql_objects.py), as a user holding exactly the declared read-only grants."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.mysql_objects import lab, manual, record, rows_of

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ063"


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    with lb.schema(CODE) as db:
        lb.sql("CREATE USER 'app_owner'@'%'", "CREATE USER 'gone_owner'@'%'", "CREATE ROLE obj063_role",
               f"CREATE TABLE `{db}`.t (id int PRIMARY KEY)",
               f"CREATE DEFINER = 'app_owner'@'%' VIEW `{db}`.v_ok AS SELECT id FROM `{db}`.t",
               f"CREATE DEFINER = obj063_role VIEW `{db}`.v_role AS SELECT id FROM `{db}`.t",
               f"CREATE DEFINER = 'gone_owner'@'%' SQL SECURITY DEFINER VIEW `{db}`.v_def AS SELECT id FROM `{db}`.t",
               f"CREATE DEFINER = 'gone_owner'@'%' SQL SECURITY INVOKER VIEW `{db}`.v_inv AS SELECT id FROM `{db}`.t",
               f"CREATE DEFINER = 'gone_owner'@'%' PROCEDURE `{db}`.p_def() SELECT COUNT(*) FROM `{db}`.t",
               f"CREATE DEFINER = 'gone_owner'@'%' EVENT `{db}`.e_on ON SCHEDULE EVERY 1 DAY DO DELETE FROM `{db}`.t",
               f"CREATE DEFINER = 'gone_owner'@'%' EVENT `{db}`.e_off ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM `{db}`.t")
        try:
            yield lb, db
        finally:
            lb.sql("DROP USER IF EXISTS 'app_owner'@'%'", "DROP USER IF EXISTS 'gone_owner'@'%'", "DROP ROLE IF EXISTS obj063_role")


def test_objects_of_a_dropped_account_are_found(planted):
    lb, db = planted
    before = lb.check(CODE)
    assert before.outcome is Outcome.OK and before.evidence == [], before.message.en
    with lb.session(CODE) as s:
        record(CODE, s, "healthy", "OK")

    lb.sql("DROP USER 'gone_owner'@'%'")  # MariaDB does not check what the account defines
    with pytest.raises(sa.exc.DBAPIError, match="1449"):
        lb.sql(f"SELECT * FROM `{db}`.v_def")
    lb.sql(f"SELECT * FROM `{db}`.v_inv")  # runs as its caller: still works

    f = lb.check(CODE)
    assert f.outcome is Outcome.CRITICAL, f.message.en
    got = {(r["object_type"], r["object_name"], r["security_type"], r["status"]) for r in f.evidence}
    assert got == {("VIEW", "v_def", "DEFINER", None), ("VIEW", "v_inv", "INVOKER", None),
                   ("PROCEDURE", "p_def", "DEFINER", None), ("EVENT", "e_on", "DEFINER", "ENABLED"),
                   ("EVENT", "e_off", "DEFINER", "DISABLED")}, got
    assert {r["definer"] for r in f.evidence} == {"gone_owner@%"} and f.evidence[0]["total"] == 5
    levels = {o.key: o.outcome for o in f.objects}
    assert levels == {f"EVENT.{db}.e_on": Outcome.CRITICAL, f"PROCEDURE.{db}.p_def": Outcome.CRITICAL,
                      f"VIEW.{db}.v_def": Outcome.CRITICAL, f"EVENT.{db}.e_off": Outcome.WARNING,
                      f"VIEW.{db}.v_inv": Outcome.WARNING}, levels
    assert f.message.en.startswith("5 object(s) name a definer account that does not exist, 3 of them run as it")
    assert "ERROR 1449" in f.message.en and "DEFINER" in f.message.zh
    with lb.session(CODE) as s:
        record(CODE, s, "dropped-owner", "CRITICAL", "does not exist")


def test_only_invoker_and_disabled_orphans_are_warnings(planted):
    lb, db = planted
    lb.sql(f"DROP VIEW `{db}`.v_def", f"DROP PROCEDURE `{db}`.p_def", f"DROP EVENT `{db}`.e_on")
    f = lb.check(CODE)
    assert f.outcome is Outcome.WARNING and {r["object_name"] for r in f.evidence} == {"v_inv", "e_off"}, f.message.en
    assert "an account created under that name later takes it over" in f.message.en
    off = rows_of(f, object_name="e_off")[0]
    assert off["status"] == "DISABLED"
    # the remedy: a new owner for each object, not the missing account re-created; the event's statement
    # keeps it DISABLED (the remediation used to say ENABLE for every orphan, which switched the job on)
    assert off["repair_sql"] == f"ALTER DEFINER = '<owner>'@'<host>' EVENT `{db}`.`e_off` DISABLE"
    lb.sql(f"ALTER DEFINER = 'app_owner'@'%' SQL SECURITY INVOKER VIEW `{db}`.v_inv AS SELECT id FROM `{db}`.t",
           off["repair_sql"].replace("'<owner>'@'<host>'", "'app_owner'@'%'"))
    assert lb.value(f"SELECT CONCAT(definer, ' ', status) FROM mysql.event WHERE db = '{db}' AND name = 'e_off'") \
        == "app_owner@% DISABLED"
    assert lb.check(CODE).outcome is Outcome.OK


def test_event_repair_statements_keep_each_state(planted):
    """repair_sql per event status, run on the lab: each event gets its new owner and keeps its state."""
    lb, db = planted
    lb.sql("CREATE USER IF NOT EXISTS 'gone2'@'%'",
           f"CREATE DEFINER = 'gone2'@'%' EVENT `{db}`.e2_on ON SCHEDULE EVERY 1 DAY STARTS NOW() + INTERVAL 1 DAY "
           f"DO DELETE FROM `{db}`.t WHERE id < 0",
           f"CREATE DEFINER = 'gone2'@'%' EVENT `{db}`.e2_off ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM `{db}`.t",
           f"CREATE DEFINER = 'gone2'@'%' EVENT `{db}`.e2_replica ON SCHEDULE EVERY 1 DAY DISABLE ON SLAVE "
           f"DO DELETE FROM `{db}`.t", "DROP USER 'gone2'@'%'")
    try:
        f = lb.check(CODE)
        repair = {r["object_name"]: r["repair_sql"] for r in f.evidence if r["object_name"].startswith("e2_")}
        assert {k: v.rsplit(" ", 1 + (v.endswith("ON SLAVE")) * 2)[1:] for k, v in repair.items()} == {
            "e2_on": ["ENABLE"], "e2_off": ["DISABLE"], "e2_replica": ["DISABLE", "ON", "SLAVE"]}, repair
        for stmt in repair.values():
            lb.sql(stmt.replace("'<owner>'@'<host>'", "'app_owner'@'%'"))
        states = dict(lb.sql(f"SELECT name, CONCAT(definer, ' ', status) FROM mysql.event WHERE db = '{db}' "
                             "AND name LIKE 'e2!_%' ESCAPE '!'"))
        assert states == {"e2_on": "app_owner@% ENABLED", "e2_off": "app_owner@% DISABLED",
                          "e2_replica": "app_owner@% SLAVESIDE_DISABLED"}, states
    finally:
        for e in ("e2_on", "e2_off", "e2_replica"):
            lb.sql(f"DROP EVENT IF EXISTS `{db}`.{e}")


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: VIEWS / ROUTINES / EVENTS DEFINER and SECURITY_TYPE, mysql.user)."""
    manual(CODE, "healthy", [], "OK", server_version="8.0.36")
    manual(CODE, "dropped-owner", [
        {"object_type": "PROCEDURE", "object_schema": "core", "object_name": "settle_day", "definer": "etl@10.0.%",
         "security_type": "DEFINER", "status": None, "total": 2},
        {"object_type": "VIEW", "object_schema": "report", "object_name": "v_balance", "definer": "etl@10.0.%",
         "security_type": "INVOKER", "status": None, "total": 2}], "CRITICAL", "does not exist", server_version="8.0.36")
