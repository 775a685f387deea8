"""SEC041 on the private lab: anonymous accounts planted open and locked, named per account; the
open one lets a client in under a user name that exists nowhere."""

from __future__ import annotations

import subprocess

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC041"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def login_as(srv, user: str) -> str:
    done = subprocess.run(["mariadb", "-h127.0.0.1", f"-P{srv.port}", f"-u{user}", "--password=", "--skip-ssl", "-N",
                           "-e", "SELECT CURRENT_USER()"], capture_output=True, text=True, timeout=10)
    return done.stdout.strip() if done.returncode == 0 else ""


def test_open_and_locked_anonymous_accounts(srv):
    with srv.session(CODE) as s:
        before = run(s, CODE)
        assert before.outcome is Outcome.OK and before.evidence == [], before.message.en
        with srv.accounts("CREATE USER 'dbp041_named'@'%' IDENTIFIED BY 'Named-041'"):  # healthy counterpart
            assert run(s, CODE).outcome is Outcome.OK
            with srv.accounts("CREATE USER ''@'10.9.%' ACCOUNT LOCK"):
                locked = run(s, CODE)
                assert locked.outcome is Outcome.WARNING, locked.message.en
                assert [(r["account"], r["grantee"], r["state"]) for r in locked.evidence] == [("@10.9.%", "''@'10.9.%'", "locked")]
                assert "locked" in locked.message.en and "已锁定" in locked.message.zh
                with srv.accounts("CREATE USER ''@'%'"):
                    assert login_as(srv, "nobody_at_all") == "@%"  # any user name gets in
                    f = run(s, CODE)
                    assert f.outcome is Outcome.CRITICAL, f.message.en
                    assert {(o.key, o.outcome) for o in f.objects} == {("@%", Outcome.CRITICAL), ("@10.9.%", Outcome.WARNING)}
                    assert f.evidence[0]["grantee"] == "''@'%'" and f.message.en.startswith("2 anonymous account(s)")
        assert login_as(srv, "nobody_at_all") == ""
        assert run(s, CODE).outcome is Outcome.OK
