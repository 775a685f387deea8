"""SEC025 live: CREATE granted to PUBLIC on schemas of a scratch database on the shared server.

PostgreSQL 15 no longer gives PUBLIC CREATE on schema public: the scratch database starts healthy
(PUBLIC has USAGE only), and the planted grants — the pre-15 default on public, and one on another
schema — are named; a schema PUBLIC may only use is not.
"""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, objects, row, scratch_database

pytestmark = pytest.mark.timeout(120)

CODE = "SEC025"


@pytest.fixture(scope="module")
def db():
    with scratch_database(CODE) as made:
        yield made


def test_public_create_on_public_and_another_schema(db):
    server, name, mon = db
    before = check(mon, CODE, record="healthy", expect="OK")
    assert before.outcome is Outcome.OK and row(before, schema_name="public")["public_privileges"] == "USAGE"
    assert before.message.en.startswith(f"PUBLIC cannot create objects in any schema of {name}")

    server.sql("GRANT CREATE ON SCHEMA public TO PUBLIC", name)   # the default up to PostgreSQL 14
    server.sql("CREATE SCHEMA dbp_shared", name)
    server.sql("GRANT USAGE, CREATE ON SCHEMA dbp_shared TO PUBLIC", name)
    server.sql("CREATE SCHEMA dbp_readonly", name)
    server.sql("GRANT USAGE ON SCHEMA dbp_readonly TO PUBLIC", name)  # healthy: use, not create
    f = check(mon, CODE, record="public-create", expect="WARNING", contains="PUBLIC may CREATE in schema public of")
    assert f.outcome is Outcome.WARNING, f.message.en
    assert objects(f) == {"public": "WARNING", "dbp_shared": "WARNING"}
    assert f.message.en.startswith(f"PUBLIC may CREATE in schema public of {name} (privileges CREATE,USAGE)")
    assert "CVE-2018-1058" in f.message.zh
    assert row(f, schema_name="dbp_readonly") is None

    server.sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC", name)
    other = check(mon, CODE)
    assert objects(other) == {"dbp_shared": "WARNING"} and "schema dbp_shared" in other.message.en
