"""OBJ026 live: disabled triggers in a scratch database on the shared PostgreSQL — a user trigger
disabled by name, a partitioned table's trigger (its partitions' clones not listed again), a
replica-only trigger (enabled by design, not listed), and DISABLE TRIGGER ALL on a referencing
table, which switches its foreign key off: an orphan row then goes in, which the test shows."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.objects_live import object_outcomes, pg_scratch, record

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ026"


@pytest.fixture(scope="module")
def pg(pg_monitor_user):
    with pg_scratch(CODE) as s:
        s.sql("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
              "CREATE TABLE customer (id int PRIMARY KEY)", "INSERT INTO customer VALUES (1)",
              "CREATE TABLE invoice (id int PRIMARY KEY, customer_id int CONSTRAINT invoice_customer_fk "
              "REFERENCES customer (id))",
              "CREATE TRIGGER invoice_audit BEFORE INSERT ON invoice FOR EACH ROW EXECUTE FUNCTION touch()",
              "CREATE TRIGGER invoice_stamp BEFORE UPDATE ON invoice FOR EACH ROW EXECUTE FUNCTION touch()",
              "CREATE TABLE log (id int, at date) PARTITION BY RANGE (at)",
              "CREATE TABLE log_2026 PARTITION OF log FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
              "CREATE TRIGGER log_touch BEFORE INSERT ON log FOR EACH ROW EXECUTE FUNCTION touch()")
        yield s


def test_disabled_triggers(pg):
    pg.sql("ALTER TABLE invoice ENABLE REPLICA TRIGGER invoice_stamp")  # fires on replicas only: by design
    before = pg.check(CODE)
    assert before.outcome is Outcome.OK and before.evidence == [] and before.database == pg.name, before.evidence
    record(CODE, pg.session(), "healthy", "OK", "No disabled trigger")

    pg.sql("ALTER TABLE invoice DISABLE TRIGGER invoice_audit", "ALTER TABLE log DISABLE TRIGGER log_touch")
    user = pg.check(CODE)
    assert object_outcomes(user) == {"public.invoice.invoice_audit": "WARNING", "public.log.log_touch": "WARNING"}
    assert user.outcome is Outcome.WARNING and user.message.en.startswith("2 disabled trigger(s)")
    record(CODE, pg.session(), "user-trigger", "WARNING", "disabled trigger(s)")

    pg.sql("ALTER TABLE invoice DISABLE TRIGGER ALL")
    pg.sql("INSERT INTO invoice VALUES (7, 99)")  # customer 99 does not exist: the foreign key did not fire
    f = pg.check(CODE)
    assert f.outcome is Outcome.CRITICAL and f.evidence[0]["trigger_name"] == "invoice_customer_fk"
    assert f.evidence[0]["kind"] == "constraint" and f.evidence[0]["triggers"] == 2  # RI check on insert and update
    assert f.message.en.startswith("Constraint invoice_customer_fk on public.invoice is not enforced")
    assert object_outcomes(f) == {"public.invoice.invoice_customer_fk": "CRITICAL", "public.invoice.invoice_audit": "WARNING",
                                  "public.invoice.invoice_stamp": "WARNING", "public.log.log_touch": "WARNING"}
    record(CODE, pg.session(), "fk-disabled", "CRITICAL", "is not enforced")

    pg.sql("DELETE FROM invoice WHERE id = 7", "ALTER TABLE invoice ENABLE TRIGGER ALL",
           "ALTER TABLE log ENABLE TRIGGER log_touch")
    assert pg.check(CODE).evidence == []
