"""SEC026 live: SECURITY DEFINER functions planted in a scratch database on the shared server.

A superuser-owned one executable by PUBLIC without a search_path (CRITICAL), one owned by an ordinary
role (WARNING), and the healthy counterparts: one with a pinned search_path, an ordinary (invoker)
function, and a SECURITY DEFINER function that belongs to an extension (left out).
"""

from __future__ import annotations

import secrets

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, objects, row, scratch_database

pytestmark = pytest.mark.timeout(120)

CODE = "SEC026"


@pytest.fixture(scope="module")
def db():
    with scratch_database(CODE) as (server, name, mon):
        owner = f"dbp_owner_{secrets.token_hex(3)}"
        server.sql(f"CREATE ROLE {owner} NOLOGIN")
        try:
            yield server, name, mon, owner
        finally:
            server.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            server.sql(f"DROP ROLE IF EXISTS {owner}")


def test_secdef_functions_without_search_path(db):
    server, name, mon, owner = db
    body = "LANGUAGE sql AS 'SELECT 1'"
    before = check(mon, CODE)
    assert before.outcome is Outcome.OK and before.evidence == []

    server.sql(f"CREATE SCHEMA app AUTHORIZATION {owner}", name)
    server.sql(f"CREATE FUNCTION app.pinned() RETURNS int SECURITY DEFINER SET search_path = app, pg_temp {body}", name)
    server.sql(f"CREATE FUNCTION app.invoker() RETURNS int {body}", name)
    healthy = check(mon, CODE, record="healthy", expect="OK")
    assert healthy.outcome is Outcome.OK and row(healthy, function_name="pinned()")["search_path"] == "app, pg_temp"
    assert row(healthy, function_name="invoker()") is None

    server.sql(f"CREATE FUNCTION app.su_open(int) RETURNS int SECURITY DEFINER {body}", name)  # owner: postgres
    server.sql(f"CREATE FUNCTION app.mine() RETURNS int SECURITY DEFINER {body}", name)
    server.sql(f"ALTER FUNCTION app.mine() OWNER TO {owner}", name)
    server.sql(f"CREATE FUNCTION public.ext_helper() RETURNS int SECURITY DEFINER {body}", name)
    server.sql("ALTER EXTENSION plpgsql ADD FUNCTION public.ext_helper()", name)  # now an extension member
    f = check(mon, CODE, record="unpinned", expect="CRITICAL", contains="owned by superuser postgres and executable by PUBLIC")
    assert f.outcome is Outcome.CRITICAL, f.message.en
    assert objects(f) == {"app.su_open(integer)": "CRITICAL", "app.mine()": "WARNING"}
    assert f.message.en.startswith(f"2 SECURITY DEFINER function(s) in {name} have no search_path of their own, "
                                   "e.g. app.su_open(integer), owned by superuser postgres")
    assert row(f, function_name="ext_helper()") is None and row(f, function_name="pinned()") is None

    server.sql("REVOKE EXECUTE ON FUNCTION app.su_open(int) FROM PUBLIC", name)
    revoked = check(mon, CODE)
    assert revoked.outcome is Outcome.WARNING and objects(revoked)["app.su_open(integer)"] == "WARNING"
    server.sql("ALTER FUNCTION app.su_open(int) SET search_path = app, pg_temp", name)
    server.sql("ALTER FUNCTION app.mine() SET search_path = app, pg_temp", name)
    assert check(mon, CODE).outcome is Outcome.OK
