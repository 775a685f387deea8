"""SEC042 on the private lab: accounts planted on '%', a public range, a private subnet and a DNS name,
root on '%' and on one remote host; each named with its host class, the restricted ones not; an
approved account is set aside and counted."""

from __future__ import annotations

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC042"
HEALTHY = ("CREATE USER 'dbp042_lan'@'10.1.2.%' IDENTIFIED BY 'x-042'",
           "CREATE USER 'dbp042_lan16'@'172.16.0.0/255.240.0.0' IDENTIFIED BY 'x-042'",
           "CREATE USER 'dbp042_name'@'app01.example.com' IDENTIFIED BY 'x-042'",
           "CREATE USER 'dbp042_local'@'localhost' IDENTIFIED BY 'x-042'",
           "CREATE USER 'dbp042_closed'@'%' ACCOUNT LOCK",
           "CREATE ROLE 'dbp042_role'")
OPEN = ("CREATE USER 'dbp042_any'@'%' IDENTIFIED BY 'x-042'",
        "CREATE USER 'dbp042_pub'@'203.0.113.%' IDENTIFIED BY 'x-042'",
        "CREATE USER 'dbp042_172'@'172.%' IDENTIFIED BY 'x-042'")


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def kinds(f) -> dict[str, str]:
    return {r["account"]: r["host_kind"] for r in f.evidence}


def test_open_public_and_root_accounts_by_host_class(srv):
    with srv.session(CODE) as s:
        assert run(s, CODE).outcome is Outcome.OK
        with srv.accounts(*HEALTHY):
            f = run(s, CODE)
            assert f.outcome is Outcome.OK and f.evidence == [], f.message.en
            with srv.accounts(*OPEN):
                f = run(s, CODE)
                assert f.outcome is Outcome.WARNING, f.message.en
                assert kinds(f) == {"dbp042_any@%": "any", "dbp042_pub@203.0.113.%": "public", "dbp042_172@172.%": "public"}
                assert f.message.en.startswith("3 account(s) accept logins from any host, e.g. dbp042_any@%")
                with srv.accounts("CREATE USER 'root'@'198.51.100.7' IDENTIFIED BY 'x-042'"):
                    f = run(s, CODE)
                    assert f.outcome is Outcome.WARNING and f.message.en.startswith("root can log in from 198.51.100.7")
                    with srv.accounts("CREATE USER 'root'@'%' IDENTIFIED BY 'x-042'"):
                        f = run(s, CODE)
                        assert f.outcome is Outcome.CRITICAL, f.message.en
                        assert f.message.en.startswith("root can log in from any host (root@%); 5 account(s)")
                        assert dict((o.key, o.outcome) for o in f.objects)["root@%"] is Outcome.CRITICAL
                approved = run(s, CODE, {"allowed_accounts": {"value": ["dbp042_any@%", "dbp042_pub@203.0.113.%"]}})
                assert kinds(approved) == {"dbp042_172@172.%": "public"} and "1 account(s)" in approved.message.en
        assert run(s, CODE).outcome is Outcome.OK


def test_approved_exceptions_compare_user_names_case_sensitively(srv):
    """Nit 34: MySQL/MariaDB user names are case-sensitive ('App'@'%' and 'app'@'%' are two accounts), so
    approving App@% must not exempt app@%; host names compare in any case (10.0.0.% = 10.0.0.%, DB01 = db01)."""
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'Dbp042App'@'%' IDENTIFIED BY 'x-042'",
                                              "CREATE USER 'dbp042app'@'%' IDENTIFIED BY 'x-042'"):
        f = run(s, CODE, {"allowed_accounts": {"value": ["Dbp042App@%"]}})
        named = {r["account"] for r in f.evidence}
        assert "dbp042app@%" in named and "Dbp042App@%" not in named, named
        f = run(s, CODE, {"allowed_accounts": {"value": ["Dbp042App@%", "dbp042app@%"]}})
        assert not {"dbp042app@%", "Dbp042App@%"} & {r["account"] for r in f.evidence}


def test_evidence_names_each_account_as_sql_does(srv):
    """Nit 38: the key user@host is not SQL (an anonymous account reads @localhost); evidence carries
    account_sql, 'user'@'host' with quotes doubled, usable as it stands in SHOW GRANTS FOR / REVOKE … FROM."""
    srv.sql("CREATE USER 'dbp042''q'@'%' IDENTIFIED BY 'x-042'")  # (Lab.accounts cannot parse a doubled quote)
    try:
        with srv.session(CODE) as s:
            row = next(r for r in run(s, CODE).evidence if r["account"] == "dbp042'q@%")
        assert row["account_sql"] == "'dbp042''q'@'%'"
        assert srv.sql(f"SHOW GRANTS FOR {row['account_sql']}")  # names the account exactly
    finally:
        srv.sql("DROP USER IF EXISTS 'dbp042''q'@'%'")
