"""SEC029 live: grants to PUBLIC planted on relations of a scratch database on the shared server.

A table PUBLIC may write (CRITICAL), a view and a sequence it may read or use (WARNING), and the
healthy counterparts: a table granted to one role only, and the pg_stat_statements view, which its
extension grants to PUBLIC by design (extension members are left out).
"""

from __future__ import annotations

import secrets

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, objects, row, scratch_database

pytestmark = pytest.mark.timeout(120)

CODE = "SEC029"


@pytest.fixture(scope="module")
def db():
    with scratch_database(CODE) as (server, name, mon):
        reader = f"dbp_reader_{secrets.token_hex(3)}"
        server.sql(f"CREATE ROLE {reader} NOLOGIN")
        try:
            yield server, name, mon, reader
        finally:
            server.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            server.sql(f"DROP ROLE IF EXISTS {reader}")


def test_public_grants_on_tables_views_and_sequences(db):
    server, name, mon, reader = db
    server.sql("CREATE EXTENSION pg_stat_statements", name)  # its view: SELECT to PUBLIC, an extension member
    server.sql("CREATE TABLE private_t (id int)", name)
    server.sql(f"GRANT SELECT, INSERT ON private_t TO {reader}", name)
    before = check(mon, CODE, record="healthy", expect="OK")
    assert before.outcome is Outcome.OK and before.evidence == [], before.message.en

    server.sql("CREATE SCHEMA app", name)
    server.sql("CREATE TABLE app.ledger (id int)", name)
    server.sql("GRANT SELECT, INSERT, UPDATE ON app.ledger TO PUBLIC", name)
    server.sql("CREATE VIEW app.rates AS SELECT 1 AS r", name)
    server.sql("GRANT SELECT ON app.rates TO PUBLIC", name)
    server.sql("CREATE SEQUENCE app.ids", name)
    server.sql("GRANT USAGE ON SEQUENCE app.ids TO PUBLIC", name)
    f = check(mon, CODE, record="public-grants", expect="CRITICAL", contains="table app.ledger: INSERT,SELECT,UPDATE")
    assert f.outcome is Outcome.CRITICAL, f.message.en
    assert objects(f) == {"app.ledger": "CRITICAL", "app.rates": "WARNING", "app.ids": "WARNING"}
    assert row(f, relation_name="ids")["kind"] == "sequence" and row(f, relation_name="rates")["privileges"] == "SELECT"
    assert row(f, relation_name="private_t") is None and row(f, relation_name="pg_stat_statements") is None
    assert f.message.en.startswith(f"3 relation(s) in {name} are granted to PUBLIC, e.g. table app.ledger")

    server.sql("REVOKE INSERT, UPDATE ON app.ledger FROM PUBLIC", name)
    read_only = check(mon, CODE)
    assert read_only.outcome is Outcome.WARNING and objects(read_only)["app.ledger"] == "WARNING"


@pytest.mark.parametrize("version", ["15", "18"])
def test_column_grants_maintain_and_the_limit(request, version):
    """Review item 22: a column grant to PUBLIC (GRANT UPDATE (salary) ON emp TO PUBLIC) is CRITICAL,
    MAINTAIN to PUBLIC on 18 is CRITICAL (it locks and rewrites the table), and with more than 200
    PUBLIC-readable relations an INSERT-only one is still returned and rated CRITICAL. Nit 27/28: the
    zh message names the kind in Chinese; an empty database is named in the OK text."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        ok = db.check(CODE)
        assert ok.outcome is Outcome.OK and f"in {db.name} is granted" in ok.message.en, ok.message.en
        db.sql("CREATE TABLE emp (id int, salary numeric)", "GRANT UPDATE (salary) ON emp TO PUBLIC",
               "GRANT SELECT (id) ON emp TO PUBLIC")
        col = db.check(CODE)
        assert objects(col) == {"public.emp": "CRITICAL"}, col.message.en
        assert row(col, relation_name="emp")["privileges"] == "SELECT(id),UPDATE(salary)"
        assert "例如表 public.emp" in col.message.zh and "table" not in col.message.zh
        if version == "18":
            db.sql("CREATE TABLE t18 (id int)", "GRANT MAINTAIN ON t18 TO PUBLIC")
            assert objects(db.check(CODE))["public.t18"] == "CRITICAL"
        db.sql("REVOKE ALL (id, salary) ON emp FROM PUBLIC",
               "DO $$ BEGIN FOR i IN 1..205 LOOP EXECUTE format('CREATE TABLE lookup_%s (a int, b int, c int)', i); "
               "EXECUTE format('GRANT SELECT, REFERENCES ON lookup_%s TO PUBLIC', i); END LOOP; END $$",
               "CREATE TABLE zz_inbox (id int)", "GRANT INSERT ON zz_inbox TO PUBLIC")
        many = db.check(CODE)
        assert many.evidence_total == 205 + 1 + (1 if version == "18" else 0), many.evidence_total
        assert many.outcome is Outcome.CRITICAL and objects(many)["public.zz_inbox"] == "CRITICAL", many.message.en
        if version == "15":
            from tests.objects_live import record

            record(CODE, db.session(), "column-and-many", "CRITICAL", "zz_inbox: INSERT")
