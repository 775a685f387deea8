"""SEC053: on the shared private lab, no audit plugin; server_audit installed at runtime but not
logging, then logging (still unloadable); general_log switched on. The strict lab
(tests/mysql_security.py) loads server_audit FORCE_PLUS_PERMANENT logging CONNECT: OK, and a failed
login really lands in its audit file."""

from __future__ import annotations

import os
import time

import pymysql
import pytest

from dbpatrol.results import Outcome
from tests.live import run
from tests.mysql_security import lab

pytestmark = pytest.mark.timeout(60)

CODE = "SEC053"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def names(f) -> dict[str, str]:
    return {r["name"]: r["setting"] for r in f.evidence}


def test_no_audit_then_audit_loaded_at_runtime(srv):
    with srv.session(CODE) as s:
        f = run(s, CODE)
        assert f.outcome is Outcome.WARNING and names(f) == {"server_audit": "NOT LOADED"}, f.message.en
        assert f.message.en.startswith("No audit plugin is active (server_audit: NOT LOADED)")
        srv.sql("INSTALL SONAME 'server_audit'")
        try:
            f = run(s, CODE)
            assert names(f) == {"server_audit_logging": "OFF"} and "nothing is audited" in f.message.en, f.message.en
            with srv.globals(server_audit_logging="ON"):
                f = run(s, CODE)
                assert names(f) == {"server_audit": "ACTIVE"} and "load option ON, not FORCE_PLUS_PERMANENT" in f.message.en
                with srv.globals(server_audit_events="QUERY_DDL"):
                    assert "server_audit_events" in names(run(s, CODE))
                with srv.globals(general_log="ON"):
                    assert set(names(run(s, CODE))) == {"server_audit", "general_log"}
        finally:
            srv.sql("UNINSTALL SONAME 'server_audit'")


def test_audit_that_cannot_be_unloaded(request):
    strict = lab(request, strict=True)  # server_audit FORCE_PLUS_PERMANENT, logging CONNECT,QUERY_DDL
    with strict.session(CODE) as s:
        f = run(s, CODE)
    assert f.outcome is Outcome.OK, f.message.en
    assert f.message.en.startswith("Logins and statements are audited by server_audit (FORCE_PLUS_PERMANENT)")
    with pytest.raises(pymysql.err.OperationalError):
        pymysql.connect(host="127.0.0.1", port=strict.port, user="dbp053_nobody", password="wrong").close()
    audit = os.path.join(strict.server.base, "data", "server_audit.log")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "dbp053_nobody" not in open(audit, errors="replace").read():
        time.sleep(0.1)
    line = next(x for x in open(audit, errors="replace") if "dbp053_nobody" in x)
    assert "FAILED_CONNECT" in line, line


def test_an_audit_that_covers_only_some_users(request):
    """等保 8.1.4.3 a) asks the audit to cover every user: with server_audit_excl_users = 'dbp053_dba' that
    account's DDL leaves no line while another's does (logins are logged for everyone: MariaDB applies the
    lists to query events), and the check (OK before, review should-fix 17) says so;
    server_audit_incl_users set audits only the accounts it names."""
    strict = lab(request, strict=True)
    audit = os.path.join(strict.server.base, "data", "server_audit.log")
    made = []
    try:
        strict.sql("CREATE DATABASE dbp053_ddl")
        for user in ("dbp053_dba", "dbp053_other"):
            strict.sql(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY 'x-053' REQUIRE SSL")
            strict.sql(f"GRANT CREATE ON dbp053_ddl.* TO '{user}'@'127.0.0.1'")
            made.append(user)

        def create_table(user):
            conn = pymysql.connect(host="127.0.0.1", port=strict.port, user=user, password="x-053", ssl={"verify_mode": False})
            try:
                conn.cursor().execute(f"CREATE TABLE dbp053_ddl.t_{user} (i int)")
            finally:
                conn.close()

        with strict.session(CODE) as s, strict.globals(server_audit_excl_users="dbp053_dba"):
            create_table("dbp053_dba")
            create_table("dbp053_other")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and "t_dbp053_other" not in open(audit, errors="replace").read():
                time.sleep(0.1)
            text = open(audit, errors="replace").read()
            assert "t_dbp053_other" in text and "t_dbp053_dba" not in text
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING and f.message.en.startswith(
                "Users excluded from the audit (server_audit_excl_users = dbp053_dba)"), f.message.en
            assert run(s, CODE, {"unaudited_users": {"value": ["dbp053_dba"]}}).outcome is Outcome.OK
        with strict.session(CODE) as s, strict.globals(server_audit_incl_users="app"):
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING and "Only some users are audited" in f.message.en, f.message.en
    finally:
        strict.sql("DROP DATABASE IF EXISTS dbp053_ddl")
        for user in made:
            strict.sql(f"DROP USER IF EXISTS '{user}'@'127.0.0.1'")
