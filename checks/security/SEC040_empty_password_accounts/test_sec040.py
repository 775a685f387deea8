"""SEC040 on the shared private lab (tests/mysql_security.py): hardened, so nothing is at fault
until accounts are planted. Each planted account is also tried for real: the ones the check names log
in with no password, the healthy counterparts do not (or cannot log in at all)."""

from __future__ import annotations

import subprocess

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import REG, run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC040"
EMPTY = ("CREATE USER 'dbp040_open'@'%'",  # no password at all
         "CREATE USER 'dbp040_alt'@'127.0.0.1' IDENTIFIED VIA unix_socket OR mysql_native_password USING ''",
         # the main method has a password; the empty one is only in auth_or ({"plugin": …} without a hash)
         "CREATE USER 'dbp040_two'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('Secret-040') "
         "OR mysql_native_password USING ''")
HEALTHY = ("CREATE USER 'dbp040_pw'@'127.0.0.1' IDENTIFIED BY 'Secret-040'",
           "CREATE USER 'dbp040_locked'@'127.0.0.1' ACCOUNT LOCK",  # empty, but locked
           "CREATE USER 'dbp040_ed'@'127.0.0.1' IDENTIFIED VIA ed25519",  # empty ed25519 string: no login at all
           # review should-fix 19 reasoned an empty *password* gives a fixed non-empty key: measured on 10.11,
           # PASSWORD('') stores the same empty string, which accepts no password either
           "CREATE USER 'dbp040_edpw'@'127.0.0.1' IDENTIFIED VIA ed25519 USING PASSWORD('')",
           "CREATE USER 'dbp040_sock'@'127.0.0.1' IDENTIFIED VIA unix_socket",
           "CREATE ROLE 'dbp040_role'")


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def logs_in_without_password(srv, user: str) -> bool:
    """Try it with the mariadb client (it speaks ed25519 too), over TCP, with an empty password."""
    done = subprocess.run(["mariadb", "-h127.0.0.1", f"-P{srv.port}", f"-u{user}", "--password=", "--skip-ssl",
                           "-e", "SELECT 1"], capture_output=True, text=True, timeout=10)
    return done.returncode == 0


def test_declares_the_account_table_of_each_engine():
    spec = REG.get(CODE).spec
    assert spec.support("mariadb").privilege == "SELECT ON mysql.global_priv"
    assert spec.support("mysql").privilege == "SELECT ON mysql.user"


def test_empty_passwords_named_per_account_and_healthy_ones_not(srv):
    with srv.session(CODE) as s:
        before = run(s, CODE)
        assert before.outcome is Outcome.OK and before.evidence == [], before.message.en
        with srv.accounts(*HEALTHY):
            healthy = run(s, CODE)
            assert healthy.outcome is Outcome.OK and healthy.evidence == [], healthy.message.en
            assert not any(logs_in_without_password(srv, u) for u in ("dbp040_pw", "dbp040_locked", "dbp040_ed",
                                                                      "dbp040_edpw"))
            assert srv.value("SELECT JSON_VALUE(Priv, '$.authentication_string') FROM mysql.global_priv "
                             "WHERE User = 'dbp040_edpw'") == ""
            with srv.accounts(*EMPTY):
                f = run(s, CODE)
                assert f.outcome is Outcome.CRITICAL, f.message.en
                rows = {r["account"]: r for r in f.evidence}
                assert set(rows) == {"dbp040_open@%", "dbp040_alt@127.0.0.1", "dbp040_two@127.0.0.1"}, rows
                assert rows["dbp040_open@%"]["plugin"] == "mysql_native_password"
                assert {(o.key, o.outcome) for o in f.objects} == {("dbp040_open@%", Outcome.CRITICAL),
                                                                  ("dbp040_alt@127.0.0.1", Outcome.CRITICAL),
                                                                  ("dbp040_two@127.0.0.1", Outcome.CRITICAL)}
                assert f.message.en.startswith("3 account(s) accept an empty password (dbp040_alt@127.0.0.1, "
                                               "dbp040_open@%, dbp040_two@127.0.0.1)")
                assert "3 个账号接受空密码" in f.message.zh
                assert all(logs_in_without_password(srv, u) for u in ("dbp040_open", "dbp040_alt", "dbp040_two"))
                assert [c.item for c in f.compliance] == ["7.3", "8.1.4.1"]  # CIS MariaDB 10.11 and 等保, not CIS MySQL
        after = run(s, CODE)
        assert after.outcome is Outcome.OK and after.evidence == [], after.message.en
