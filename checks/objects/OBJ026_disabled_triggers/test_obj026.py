"""OBJ026 live: disabled triggers in a scratch database on the shared PostgreSQL — a user trigger
disabled by name, a partitioned table's trigger (its partitions' clones not listed again), a
replica-only trigger (enabled by design, not listed), and DISABLE TRIGGER ALL on a referencing
table, which switches its foreign key off: an orphan row then goes in, which the test shows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

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


@pytest.mark.parametrize("version", ["15", "18"])
def test_event_triggers_and_who_may_enable_what(request, version):
    """Review item 15: a disabled event trigger (a DDL audit) is reported; the remediation's split holds —
    the table owner enables user triggers with ENABLE TRIGGER USER but is refused ENABLE TRIGGER ALL
    over a foreign key's internal triggers (a system trigger), which a superuser enables."""
    import secrets

    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        owner = f"dbp_obj026_owner_{secrets.token_hex(2)}"
        db.sql(f"CREATE ROLE {owner} LOGIN", f"GRANT CREATE ON SCHEMA public TO {owner}",
               "CREATE FUNCTION audit_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$",
               "CREATE EVENT TRIGGER dbp_audit_ddl ON ddl_command_end EXECUTE FUNCTION audit_ddl()",
               "ALTER EVENT TRIGGER dbp_audit_ddl DISABLE",
               "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
               "CREATE TABLE parent (id int PRIMARY KEY)", "CREATE TABLE own_c (id int, p int REFERENCES parent)",
               "CREATE TRIGGER own_c_touch BEFORE INSERT ON own_c FOR EACH ROW EXECUTE FUNCTION touch()",
               f"ALTER TABLE parent OWNER TO {owner}", f"ALTER TABLE own_c OWNER TO {owner}",
               "ALTER TABLE own_c DISABLE TRIGGER ALL")
        try:
            f = db.check(CODE)
            kinds = {(r["schema_name"], r["table_name"], r["trigger_name"]): r["kind"] for r in f.evidence}
            assert kinds[("(event trigger)", "ddl_command_end", "dbp_audit_ddl")] == "event", kinds
            assert object_outcomes(f)["(event trigger).ddl_command_end.dbp_audit_ddl"] == "WARNING"
            assert f.outcome is Outcome.CRITICAL  # the foreign key first
            only_event = [r for r in f.evidence if r["kind"] == "event"]
            assert only_event[0]["definition"] == "ON ddl_command_end EXECUTE FUNCTION audit_ddl"
            if version == "15":
                record(CODE, db.session(), "event-trigger", "CRITICAL", "is not enforced")
            commands = " ".join(f.remediation.commands)
            assert "ENABLE TRIGGER USER" in commands and "a superuser only" in commands
            eng = sa.create_engine(f"postgresql+psycopg://{owner}@127.0.0.1:{db.port}/{db.name}", poolclass=sa.NullPool,
                                   isolation_level="AUTOCOMMIT")
            with eng.connect() as c:
                with pytest.raises(sa.exc.DBAPIError, match="is a system trigger"):
                    c.exec_driver_sql("ALTER TABLE own_c ENABLE TRIGGER ALL")
                c.exec_driver_sql("ALTER TABLE own_c ENABLE TRIGGER USER")
            eng.dispose()
            left = object_outcomes(db.check(CODE))
            assert "public.own_c.own_c_touch" not in left and left.get("public.own_c.own_c_p_fkey") == "CRITICAL", left
            db.sql("ALTER TABLE own_c ENABLE TRIGGER ALL", "ALTER EVENT TRIGGER dbp_audit_ddl ENABLE")
            assert db.check(CODE).evidence == []
        finally:
            db.sql("DROP EVENT TRIGGER IF EXISTS dbp_audit_ddl", "DROP TABLE IF EXISTS own_c, parent",
                   f"REVOKE CREATE ON SCHEMA public FROM {owner}", f"DROP ROLE {owner}")
