"""OBJ064 live: a trigger whose owner account is dropped, beside a trigger of a live account, in a
scratch schema on the private mariadbd (tests/mysql_objects.py), as a user holding exactly SELECT
on mysql.global_priv and TRIGGER; the table it fires on refuses writes from then on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.live import REG
from tests.mysql_objects import lab, manual, record

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ064"


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    with lb.schema(CODE) as db:
        lb.sql("CREATE USER 'trg_owner'@'%'", "CREATE USER 'trg_gone'@'localhost'",
               f"GRANT ALL ON `{db}`.* TO 'trg_owner'@'%'", f"GRANT ALL ON `{db}`.* TO 'trg_gone'@'localhost'",
               f"CREATE TABLE `{db}`.orders (id int PRIMARY KEY, v int)",
               f"CREATE TABLE `{db}`.audit (id int PRIMARY KEY, v int)",
               f"CREATE DEFINER = 'trg_owner'@'%' TRIGGER `{db}`.audit_bi BEFORE INSERT ON `{db}`.audit "
               "FOR EACH ROW SET NEW.v = 0",
               f"CREATE DEFINER = 'trg_gone'@'localhost' TRIGGER `{db}`.orders_bu BEFORE UPDATE ON `{db}`.orders "
               "FOR EACH ROW SET NEW.v = NEW.v + 1",
               f"INSERT INTO `{db}`.orders VALUES (1, 0)")
        try:
            yield lb, db
        finally:
            lb.sql("DROP USER IF EXISTS 'trg_owner'@'%'", "DROP USER IF EXISTS 'trg_gone'@'localhost'")


def test_trigger_of_a_dropped_account_blocks_its_table(planted):
    lb, db = planted
    before = lb.check(CODE)
    assert before.outcome is Outcome.OK and before.message.en == "Every trigger names an existing definer account"
    lb.sql(f"UPDATE `{db}`.orders SET v = 5 WHERE id = 1")  # the trigger runs as its live owner
    with lb.session(CODE) as s:
        record(CODE, s, "healthy", "OK")

    lb.sql("DROP USER 'trg_gone'@'localhost'")
    with pytest.raises(sa.exc.DBAPIError, match="1449"):
        lb.sql(f"UPDATE `{db}`.orders SET v = 6 WHERE id = 1")
    lb.sql(f"INSERT INTO `{db}`.audit VALUES (1, 1)")  # the other table's trigger still has its owner

    f = lb.check(CODE)
    assert f.outcome is Outcome.CRITICAL, f.message.en
    assert [(r["trigger_name"], r["table_name"], r["fires_on"], r["definer"]) for r in f.evidence] == [
        ("orders_bu", "orders", "BEFORE UPDATE", "trg_gone@localhost")]
    assert [(o.key, o.outcome) for o in f.objects] == [(f"{db}.orders_bu", Outcome.CRITICAL)]
    assert f.message.en.startswith(f"1 trigger(s) on 1 table(s) name a definer account that does not exist: "
                                   f"{db}.orders_bu (BEFORE UPDATE on orders, DEFINER trg_gone@localhost)")
    with lb.session(CODE) as s:
        record(CODE, s, "dropped-owner", "CRITICAL", "cannot be written")

    # a definer differing only in the case of its user name is another account
    lb.sql("CREATE USER 'TRG_GONE'@'localhost'")
    try:
        assert lb.check(CODE).outcome is Outcome.CRITICAL
    finally:
        lb.sql("DROP USER 'TRG_GONE'@'localhost'")
    lb.sql("CREATE USER 'trg_gone'@'LOCALHOST'", f"GRANT ALL ON `{db}`.* TO 'trg_gone'@'localhost'")  # host: any case
    try:
        assert lb.check(CODE).outcome is Outcome.OK
        lb.sql(f"UPDATE `{db}`.orders SET v = 7 WHERE id = 1")  # and the table takes writes again
    finally:
        lb.sql("DROP USER 'trg_gone'@'localhost'")


def test_mariadb_remediation_replaces_the_trigger_in_one_statement(planted):
    """The remediation's MariaDB statement, CREATE OR REPLACE DEFINER = … TRIGGER, gives the trigger a
    live owner atomically (the old text said DROP TRIGGER then CREATE TRIGGER: writes in between bypass
    it). Run on the lab: the table takes writes again and the trigger still fires on them."""
    lb, db = planted
    lb.sql("CREATE USER 'trg_gone2'@'localhost'", f"GRANT ALL ON `{db}`.* TO 'trg_gone2'@'localhost'",
           f"CREATE DEFINER = 'trg_gone2'@'localhost' TRIGGER `{db}`.audit_bu BEFORE UPDATE ON `{db}`.audit "
           "FOR EACH ROW SET NEW.v = NEW.v + 100", "DROP USER 'trg_gone2'@'localhost'")
    try:
        assert "audit_bu" in [r["trigger_name"] for r in lb.check(CODE).evidence]
        stmt = REG.get(CODE).spec.remediation.commands["mariadb"][1]
        assert stmt.startswith("CREATE OR REPLACE DEFINER = '<owner>'@'<host>' TRIGGER")
        lb.sql(f"CREATE OR REPLACE DEFINER = 'trg_owner'@'%' TRIGGER `{db}`.audit_bu BEFORE UPDATE ON `{db}`.audit "
               "FOR EACH ROW SET NEW.v = NEW.v + 100")
        assert "audit_bu" not in [r["trigger_name"] for r in lb.check(CODE).evidence]
        lb.sql(f"INSERT INTO `{db}`.audit VALUES (2, 0)", f"UPDATE `{db}`.audit SET v = 1 WHERE id = 2")
        assert lb.value(f"SELECT v FROM `{db}`.audit WHERE id = 2") == 101  # fired, as its new owner
    finally:
        lb.sql(f"DROP TRIGGER IF EXISTS `{db}`.audit_bu")


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: TRIGGERS.DEFINER / ACTION_TIMING / EVENT_MANIPULATION, mysql.user)."""
    manual(CODE, "healthy", [], "OK")
    manual(CODE, "dropped-owner", [
        {"trigger_schema": "core", "trigger_name": "trg_ledger_ai", "table_name": "ledger", "fires_on": "AFTER INSERT",
         "definer": "dev_zhang@%", "total": 1}], "CRITICAL", "cannot be written")
