"""OBJ025 live: constraints added NOT VALID, in a scratch database on the shared PostgreSQL —
a CHECK and a FOREIGN KEY over rows that break them, then validated with the remediation's
VALIDATE CONSTRAINT once the data is fixed (it refuses before, naming the bad row)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.objects_live import object_outcomes, pg_scratch, record

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ025"


@pytest.fixture(scope="module")
def pg(pg_monitor_user):
    with pg_scratch(CODE) as s:
        s.sql("CREATE TABLE customer (id int PRIMARY KEY)", "INSERT INTO customer VALUES (1), (2)",
              "CREATE TABLE invoice (id int PRIMARY KEY, customer_id int, amount numeric CHECK (amount IS NOT NULL))",
              "INSERT INTO invoice VALUES (1, 1, 10), (2, 99, -5)")  # customer 99 does not exist, amount negative
        yield s


def test_not_valid_constraints(pg):
    before = pg.check(CODE)
    assert before.outcome is Outcome.OK and before.evidence == [] and before.database == pg.name
    record(CODE, pg.session(), "healthy", "OK", "Every constraint is validated")

    pg.sql("ALTER TABLE invoice ADD CONSTRAINT invoice_amount_positive CHECK (amount > 0) NOT VALID",
           "ALTER TABLE invoice ADD CONSTRAINT invoice_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id) NOT VALID")
    f = pg.check(CODE)
    assert object_outcomes(f) == {"public.invoice.invoice_amount_positive": "WARNING",
                                  "public.invoice.invoice_customer_fk": "WARNING"}
    fk, check = f.evidence
    assert (fk["kind"], fk["referenced_table"]) == ("foreign key", "public.customer")  # schema-qualified
    assert (check["kind"], check["definition"]) == ("check", "CHECK ((amount > (0)::numeric)) NOT VALID")
    assert f.message.en.startswith("2 constraint(s) added NOT VALID and never validated; e.g. foreign key "
                                   "invoice_customer_fk on public.invoice → public.customer")
    record(CODE, pg.session(), "not-valid", "WARNING", "never validated")

    with pytest.raises(sa.exc.IntegrityError, match="violates foreign key constraint"):
        pg.sql("ALTER TABLE invoice VALIDATE CONSTRAINT invoice_customer_fk")
    pg.sql("UPDATE invoice SET customer_id = 2, amount = 5 WHERE id = 2",
           "ALTER TABLE invoice VALIDATE CONSTRAINT invoice_customer_fk",
           "ALTER TABLE invoice VALIDATE CONSTRAINT invoice_amount_positive")
    assert pg.check(CODE).evidence == []


@pytest.mark.parametrize("version", ["15", "18"])
def test_not_valid_domain_constraints(request, version):
    """Review item 14: ALTER DOMAIN … ADD CONSTRAINT … NOT VALID over a column holding a violating value
    is reported (it was not: a domain constraint has no table), and ALTER DOMAIN … VALIDATE CONSTRAINT
    — the remediation — clears it once the data is fixed. Nit 27: the zh text names the kind in Chinese."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        db.sql("CREATE DOMAIN posint AS int", "CREATE TABLE acct (id int PRIMARY KEY, bal posint)",
               "INSERT INTO acct VALUES (1, -1)", "ALTER DOMAIN posint ADD CONSTRAINT posint_chk CHECK (VALUE > 0) NOT VALID",
               "CREATE TABLE t (a int)", "ALTER TABLE t ADD CONSTRAINT t_a_chk CHECK (a > 0) NOT VALID")
        f = db.check(CODE)
        assert object_outcomes(f) == {"public.posint.posint_chk": "WARNING", "public.t.t_a_chk": "WARNING"}, f.evidence
        row = next(r for r in f.evidence if r["constraint_name"] == "posint_chk")
        assert (row["kind"], row["table_name"], row["definition"]) == ("domain check", "posint", "CHECK ((VALUE > 0)) NOT VALID")
        assert "ALTER DOMAIN <schema>.<domain> VALIDATE CONSTRAINT" in " ".join(f.remediation.commands)
        assert "check 约束" not in f.message.zh and "约束" in f.message.zh
        if version == "15":
            record(CODE, db.session(), "domain", "WARNING", "never validated")
        with pytest.raises(sa.exc.IntegrityError, match='column "bal" of table "acct" contains values that violate'):
            db.sql("ALTER DOMAIN posint VALIDATE CONSTRAINT posint_chk")
        db.sql("UPDATE acct SET bal = 1", "ALTER DOMAIN posint VALIDATE CONSTRAINT posint_chk")
        assert object_outcomes(db.check(CODE)) == {"public.t.t_a_chk": "WARNING"}
        only_domain = [r for r in db.check(CODE).evidence if r["kind"] == "domain check"]
        assert only_domain == []
