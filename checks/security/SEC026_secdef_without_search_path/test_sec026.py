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
    server.sql(f"ALTER FUNCTION app.pinned() OWNER TO {owner}", name)  # its own schema on its path: safe
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
    server.sql("ALTER FUNCTION app.su_open(int) SET search_path = pg_catalog, pg_temp", name)
    server.sql("ALTER FUNCTION app.mine() SET search_path = app, pg_temp", name)
    assert check(mon, CODE).outcome is Outcome.OK


@pytest.mark.parametrize("version", ["15", "18"])
def test_a_pinned_search_path_must_be_safe(request, version):
    """Review item 19: SET search_path = public is not safe when others may create in public, nor is
    any path without pg_temp last; a superuser's function executable by PUBLIC whose path lists a schema
    PUBLIC may create in is CRITICAL. An empty path and pg_catalog, pg_temp stay OK."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        owner = f"dbp_owner_{secrets.token_hex(3)}"
        body = "LANGUAGE sql AS 'SELECT 1'"
        db.sql(f"CREATE ROLE {owner} NOLOGIN", f"CREATE SCHEMA app AUTHORIZATION {owner}", "CREATE SCHEMA open",
               "GRANT CREATE ON SCHEMA open TO PUBLIC", "CREATE SCHEMA safe",
               f"CREATE FUNCTION safe.empty() RETURNS int SECURITY DEFINER SET search_path = '' {body}",
               f"CREATE FUNCTION safe.catalog() RETURNS int SECURITY DEFINER SET search_path = pg_catalog, pg_temp {body}")
        try:
            ok = db.check(CODE)
            assert ok.outcome is Outcome.OK, (ok.message.en, ok.evidence)
            db.sql(f"CREATE FUNCTION safe.no_temp() RETURNS int SECURITY DEFINER SET search_path = safe {body}")
            temp = db.check(CODE)
            assert temp.outcome is Outcome.WARNING and [o.key for o in temp.objects] == ["safe.no_temp()"], temp.message.en
            assert "without pg_temp last" in temp.message.en and "pg_temp 放在最后" in temp.message.zh
            db.sql(f"CREATE FUNCTION safe.su_open() RETURNS int SECURITY DEFINER SET search_path = safe, open, pg_temp {body}",
                   f"CREATE FUNCTION safe.owner_path() RETURNS int SECURITY DEFINER SET search_path = app, pg_temp {body}")
            f = db.check(CODE)
            assert {o.key: o.outcome.value for o in f.objects} == {
                "safe.su_open()": "CRITICAL", "safe.owner_path()": "CRITICAL", "safe.no_temp()": "WARNING"}, f.objects
            rows = {r["function_name"]: r for r in f.evidence}
            assert rows["su_open()"]["writable_schemas"] == "open"
            assert rows["owner_path()"]["writable_schemas"] == "app"  # owned by another (non-superuser) role
            assert f.message.en.startswith(f"3 SECURITY DEFINER function(s) in {db.name} at fault, e.g. safe.")
            assert "others may create objects in" in f.message.en and "PUBLIC may execute: yes" in f.message.en
            if version == "15":
                from tests.objects_live import record

                record(CODE, db.session(), "unsafe-path", "CRITICAL", "others may create objects in")
            db.sql("REVOKE CREATE ON SCHEMA open FROM PUBLIC", "REVOKE EXECUTE ON FUNCTION safe.owner_path() FROM PUBLIC")
            after = {o.key: o.outcome.value for o in db.check(CODE).objects}
            assert after == {"safe.owner_path()": "WARNING", "safe.no_temp()": "WARNING"}, after
        finally:
            db.sql(f"DROP SCHEMA app CASCADE", f"DROP ROLE {owner}")
