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
