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
