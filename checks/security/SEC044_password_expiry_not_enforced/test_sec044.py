"""SEC044 on the private lab: the server default and accounts with lifetimes of their own (never,
200 days, 30 days); a locked never-expiring account is not counted. The default's row counts the
accounts that follow it, measured before and after planting one more."""

from __future__ import annotations

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import REG, run

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


def test_setting_the_default_expires_old_passwords_at_the_next_login(srv):
    """The review's outage: an account that follows the server default, its password changed 200 days
    ago, logs in fine under default_password_lifetime = 0 and is put in sandbox mode (every statement
    refused, ERROR 1820) the moment the default becomes 90 — which the old remediation did first. The
    finding now names the oldest follower's password date and the remediation lists them first."""
    import pymysql

    with srv.session(CODE) as s, srv.globals(default_password_lifetime=0), \
            srv.accounts("CREATE USER 'dbp044_app'@'%' IDENTIFIED BY 'x-044-app'"):
        srv.sql("UPDATE mysql.global_priv SET Priv = JSON_SET(Priv, '$.password_last_changed', "
                "UNIX_TIMESTAMP(UTC_TIMESTAMP() - INTERVAL 200 DAY)) WHERE User = 'dbp044_app' AND Host = '%'")
        srv.sql("FLUSH PRIVILEGES")
        oldest = str(srv.value("SELECT DATE(UTC_TIMESTAMP() - INTERVAL 200 DAY)"))
        f = run(s, CODE)
        row = rows(f)["default_password_lifetime"]
        assert f.outcome is Outcome.CRITICAL and str(row["oldest_password_changed"])[:10] == oldest, row
        assert f"(the oldest changed {oldest}" in f.message.en, f.message.en
        assert "lowering the default expires every older one at its next login" in f.message.en
        assert "立即过期" in f.message.zh
        def select_one():
            conn = pymysql.connect(host="127.0.0.1", port=srv.port, user="dbp044_app", password="x-044-app")
            try:
                with conn.cursor() as cur:
                    cur.execute("SELECT 1")
                    return cur.fetchone()[0]
            finally:
                conn.close()

        assert select_one() == 1
        srv.sql("SET GLOBAL default_password_lifetime = 90")  # what the remediation used to begin with
        with pytest.raises(pymysql.err.OperationalError, match="1820"):
            select_one()  # sandbox mode: "You must SET PASSWORD before executing this statement"
    remedy = REG.get(CODE).spec.remediation
    assert remedy.commands["mariadb"][0].startswith("SELECT User, Host") and "expires, at the very next login" in remedy.text.en


def test_accounts_without_a_stored_password_have_nothing_to_expire(srv):
    """unix_socket-only accounts (and the 'invalid' hash mariadb-install-db gives) are neither offenders
    nor followers of the default; ed25519 and unix_socket-or-password accounts are."""
    with srv.session(CODE) as s, srv.globals(default_password_lifetime=90):
        before = rows(run(s, CODE, {"lifetime_days": {"warning": 0, "critical": 0}}))["default_password_lifetime"]["accounts"]
        with srv.accounts("CREATE USER 'dbp044_sock'@'localhost' IDENTIFIED VIA unix_socket PASSWORD EXPIRE NEVER",
                          "CREATE USER 'dbp044_sockdef'@'localhost' IDENTIFIED VIA unix_socket",
                          "CREATE USER 'dbp044_ed'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('x-044') PASSWORD EXPIRE NEVER",
                          "CREATE USER 'dbp044_either'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password "
                          "USING PASSWORD('x-044') PASSWORD EXPIRE NEVER",
                          "CREATE USER 'dbp044_edfollows'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('x-044')"):
            f = run(s, CODE)
            assert f.outcome is Outcome.CRITICAL and set(rows(f)) == {"dbp044_ed@%", "dbp044_either@localhost"}, f.message.en
            every = run(s, CODE, {"lifetime_days": {"warning": 0, "critical": 0}})
            assert rows(every)["default_password_lifetime"]["accounts"] == before + 1  # dbp044_edfollows only
