"""SEC044 on the private lab: the server default and accounts with lifetimes of their own (never,
200 days, 30 days); a locked never-expiring account is not counted. The default's row counts the
accounts that follow it, measured before and after planting one more."""

from __future__ import annotations

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC044"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def rows(f) -> dict[str, dict]:
    return {r["object"]: r for r in f.evidence}


def test_server_default_and_account_lifetimes(srv):
    with srv.session(CODE) as s, srv.globals(default_password_lifetime=90):
        f = run(s, CODE)
        assert f.outcome is Outcome.OK, f.message.en
        with srv.accounts("CREATE USER 'dbp044_30'@'%' IDENTIFIED BY 'x-044' PASSWORD EXPIRE INTERVAL 30 DAY",
                          "CREATE USER 'dbp044_closed'@'%' IDENTIFIED BY 'x-044' PASSWORD EXPIRE NEVER ACCOUNT LOCK"):
            assert run(s, CODE).outcome is Outcome.OK
            with srv.accounts("CREATE USER 'dbp044_200'@'%' IDENTIFIED BY 'x-044' PASSWORD EXPIRE INTERVAL 200 DAY"):
                f = run(s, CODE)
                assert f.outcome is Outcome.WARNING and set(rows(f)) == {"dbp044_200@%"}, f.message.en
                assert rows(f)["dbp044_200@%"]["lifetime_days"] == 200
                assert "dbp044_200@%: 200 days (limit 90)" in f.message.en
                with srv.accounts("CREATE USER 'dbp044_never'@'%' IDENTIFIED BY 'x-044' PASSWORD EXPIRE NEVER"):
                    f = run(s, CODE)
                    assert f.outcome is Outcome.CRITICAL, f.message.en
                    assert [r["object"] for r in f.evidence] == ["dbp044_never@%", "dbp044_200@%"]
                    assert f.message.en.startswith("2 account(s) with passwords too long-lived, e.g. dbp044_never@% set to "
                                                   "PASSWORD EXPIRE NEVER (last changed 20")
                    ok = run(s, CODE, {"allowed_accounts": {"value": ["dbp044_never@%", "dbp044_200@%"]}})
                    assert ok.outcome is Outcome.OK and "2 approved exception(s)" in ok.message.en


def test_a_default_of_never_counts_the_accounts_that_follow_it(srv):
    with srv.session(CODE) as s, srv.globals(default_password_lifetime=0):
        before = rows(run(s, CODE))["default_password_lifetime"]["accounts"]
        with srv.accounts("CREATE USER 'dbp044_follows'@'%' IDENTIFIED BY 'x-044'"):
            f = run(s, CODE)
            assert f.outcome is Outcome.CRITICAL, f.message.en
            assert rows(f)["default_password_lifetime"]["accounts"] == before + 1
            assert f.message.en.startswith(f"default_password_lifetime = 0: the passwords of the {before + 1} account(s)")
        with srv.globals(default_password_lifetime=180):
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING and "default_password_lifetime = 180 days" in f.message.en
