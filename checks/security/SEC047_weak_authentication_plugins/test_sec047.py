"""SEC047 on the private lab: accounts planted on mysql_old_password and mysql_native_password are
named, ed25519 / unix_socket / a socket account whose password alternative is 'invalid' are not;
old_passwords and secure_auth flipped and restored. The lab's own accounts (root, the monitoring
users) use mysql_native_password, so the healthy run approves that plugin, as a site would."""

from __future__ import annotations

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC047"
NATIVE_OK = {"allowed_plugins": {"value": ["mysql_native_password"]}}


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def found(f) -> dict[str, str]:
    return {r["object"]: r["value"] for r in f.evidence}


def test_weak_hashes_and_settings(srv):
    healthy = ("CREATE USER 'dbp047_ed'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('Ed-secret-047')",
               "CREATE USER 'dbp047_sock'@'localhost' IDENTIFIED VIA unix_socket",
               "CREATE USER 'dbp047_maint'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING 'invalid'",
               "CREATE USER 'dbp047_locked'@'%' IDENTIFIED VIA mysql_old_password USING '7a8e2b1c3d4f5a6b' ACCOUNT LOCK")
    with srv.session(CODE) as s, srv.accounts(*healthy):
        base = run(s, CODE)
        assert base.outcome is Outcome.WARNING and set(found(base)) >= {"root@127.0.0.1"}, base.message.en
        assert not {k for k in found(base) if k.startswith("dbp047_")}, found(base)
        assert run(s, CODE, NATIVE_OK).outcome is Outcome.OK
        with srv.accounts("CREATE USER 'dbp047_native'@'%' IDENTIFIED BY 'Native-047'",
                          "CREATE USER 'dbp047_old'@'%' IDENTIFIED VIA mysql_old_password USING '7a8e2b1c3d4f5a6b'"):
            f = run(s, CODE)
            assert found(f)["dbp047_native@%"] == "mysql_native_password" and found(f)["dbp047_old@%"] == "mysql_old_password"
            assert f.outcome is Outcome.CRITICAL and f.message.en.startswith(
                f"{len(f.evidence)} weak authentication(s), dbp047_old@% on mysql_old_password"), f.message.en
            approved = run(s, CODE, NATIVE_OK)
            assert found(approved) == {"dbp047_old@%": "mysql_old_password"}
        assert run(s, CODE, NATIVE_OK).outcome is Outcome.OK
        with srv.globals(secure_auth="OFF"):
            f = run(s, CODE, NATIVE_OK)
            assert f.outcome is Outcome.CRITICAL and found(f) == {"secure_auth": "OFF"}, f.message.en
        with srv.globals(old_passwords="ON"):
            f = run(s, CODE, NATIVE_OK)
            assert f.outcome is Outcome.CRITICAL and f.message.en.startswith("old_passwords = ON")
        assert run(s, CODE, NATIVE_OK).outcome is Outcome.OK
