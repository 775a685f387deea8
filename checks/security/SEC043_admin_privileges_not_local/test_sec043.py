"""SEC043 on the private lab: remote accounts planted with SUPER / FILE / GRANT OPTION / CREATE USER,
and their healthy counterparts (a remote account with data privileges only, a local administrator,
a locked remote administrator); each offender named once with the administrative privileges it holds."""

from __future__ import annotations

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import REG, run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC043"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def held(f) -> dict[str, str]:
    return {r["account"]: r["admin_privileges"] for r in f.evidence}


def test_declares_select_on_the_mysql_schema():
    # information_schema.USER_PRIVILEGES shows other accounts only to SELECT on mysql.* (measured)
    assert REG.get(CODE).spec.support("mariadb").privilege == "SELECT ON mysql.*"


def test_remote_administrators_named_with_their_privileges(srv):
    healthy = ("CREATE USER 'dbp043_app'@'%' IDENTIFIED BY 'x-043'",
               "CREATE USER 'dbp043_local'@'localhost' IDENTIFIED BY 'x-043'",
               "CREATE USER 'dbp043_locked'@'%' IDENTIFIED BY 'x-043' ACCOUNT LOCK")
    with srv.session(CODE) as s, srv.accounts(*healthy):
        srv.sql("GRANT SELECT, INSERT, UPDATE, DELETE, PROCESS ON *.* TO 'dbp043_app'@'%'")
        srv.sql("GRANT ALL ON *.* TO 'dbp043_local'@'localhost' WITH GRANT OPTION")
        srv.sql("GRANT SUPER ON *.* TO 'dbp043_locked'@'%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.OK and f.evidence == [], f.message.en
        with srv.accounts("CREATE USER 'dbp043_ops'@'10.2.0.%' IDENTIFIED BY 'x-043'",
                          "CREATE USER 'dbp043_dba'@'%' IDENTIFIED BY 'x-043'"):
            srv.sql("GRANT FILE, CREATE USER ON *.* TO 'dbp043_ops'@'10.2.0.%'")
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING and held(f) == {"dbp043_ops@10.2.0.%": "CREATE USER, FILE"}, f.message.en
            srv.sql("GRANT SELECT ON *.* TO 'dbp043_dba'@'%' WITH GRANT OPTION")
            srv.sql("GRANT SUPER ON *.* TO 'dbp043_dba'@'%'")
            f = run(s, CODE)
            assert f.outcome is Outcome.CRITICAL, f.message.en
            assert held(f) == {"dbp043_dba@%": "GRANT OPTION, SUPER", "dbp043_ops@10.2.0.%": "CREATE USER, FILE"}
            assert f.message.en.startswith("dbp043_dba@% holds GRANT OPTION, SUPER and can log in from any host; 2 remote")
            assert {(o.key, o.outcome) for o in f.objects} == {("dbp043_dba@%", Outcome.CRITICAL),
                                                              ("dbp043_ops@10.2.0.%", Outcome.WARNING)}
            approved = run(s, CODE, {"allowed_accounts": {"value": ["dbp043_dba@%"]}})
            assert held(approved) == {"dbp043_ops@10.2.0.%": "CREATE USER, FILE"} and approved.outcome is Outcome.WARNING
            narrower = run(s, CODE, {"admin_privileges": {"value": ["SUPER"]}})
            assert held(narrower) == {"dbp043_dba@%": "SUPER"}
        assert run(s, CODE).outcome is Outcome.OK


def test_administrative_privileges_through_roles_and_public(srv):
    """A remote account holding nothing itself but SUPER through its default role, FILE through a role
    nested in it, CREATE USER through a role it may only SET ROLE to, and SHUTDOWN through PUBLIC:
    information_schema.USER_PRIVILEGES shows it USAGE only (measured), yet every one is usable."""
    with srv.session(CODE) as s, srv.accounts("CREATE ROLE dbp043_dba", "CREATE ROLE dbp043_nested",
                                              "CREATE ROLE dbp043_spare",
                                              "CREATE USER 'dbp043_app'@'%' IDENTIFIED BY 'x-043'",
                                              "CREATE USER 'dbp043_bi'@'10.3.0.%' IDENTIFIED BY 'x-043'"):
        srv.sql("GRANT SELECT ON *.* TO 'dbp043_app'@'%'")
        assert srv.sql("SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES "
                       "WHERE GRANTEE = \"'dbp043_app'@'%'\"") == [("SELECT",)]
        srv.sql("GRANT SUPER ON *.* TO dbp043_dba")
        srv.sql("GRANT FILE ON *.* TO dbp043_nested WITH GRANT OPTION")
        srv.sql("GRANT dbp043_nested TO dbp043_dba")
        srv.sql("GRANT dbp043_dba TO 'dbp043_app'@'%'")
        f = run(s, CODE)  # granted, not default: SET ROLE dbp043_dba gives it SUPER and FILE
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert held(f) == {"dbp043_app@%": "FILE, GRANT OPTION, SUPER"}
        assert f.evidence[0]["via_roles"] == "dbp043_dba (SET ROLE), dbp043_nested (SET ROLE)"
        assert f.message.en.startswith("dbp043_app@% holds FILE, GRANT OPTION, SUPER (through role dbp043_dba "
                                       "(SET ROLE), dbp043_nested (SET ROLE)) and can log in from any host")
        assert "经由角色 dbp043_dba (SET ROLE)" in f.message.zh
        srv.sql("SET DEFAULT ROLE dbp043_dba FOR 'dbp043_app'@'%'")
        srv.sql("GRANT CREATE USER ON *.* TO dbp043_spare")
        srv.sql("GRANT dbp043_spare TO 'dbp043_bi'@'10.3.0.%'")
        f = run(s, CODE)
        assert held(f) == {"dbp043_app@%": "FILE, GRANT OPTION, SUPER", "dbp043_bi@10.3.0.%": "CREATE USER"}
        assert {r["account"]: r["via_roles"] for r in f.evidence} == {
            "dbp043_app@%": "dbp043_dba, dbp043_nested", "dbp043_bi@10.3.0.%": "dbp043_spare (SET ROLE)"}
        assert {(o.key, o.outcome) for o in f.objects} == {("dbp043_app@%", Outcome.CRITICAL),
                                                          ("dbp043_bi@10.3.0.%", Outcome.WARNING)}
        srv.sql("REVOKE dbp043_dba FROM 'dbp043_app'@'%'")
        srv.sql("REVOKE dbp043_spare FROM 'dbp043_bi'@'10.3.0.%'")
        assert run(s, CODE).outcome is Outcome.OK
        srv.sql("GRANT SHUTDOWN ON *.* TO PUBLIC")  # MariaDB 10.11: held by every account (measured: FILE works)
        try:
            f = run(s, CODE)
            assert held(f) == {"dbp043_app@%": "SHUTDOWN", "dbp043_bi@10.3.0.%": "SHUTDOWN"}, f.message.en
            assert {r["via_roles"] for r in f.evidence} == {"PUBLIC"}
        finally:
            srv.sql("REVOKE SHUTDOWN ON *.* FROM PUBLIC")


def test_accounts_beyond_the_bound_are_counted(srv):
    """The SQL returns at most 200 accounts (one row per account and source), and says how many it
    found: an offender cut by the bound is still counted."""
    who = [f"'dbp043_n{i:03d}'@'10.9.0.%'" for i in range(205)]
    with srv.session(CODE) as s:
        try:  # one statement each for the 205 accounts (one ACL rewrite, not 615 of them)
            srv.sql("CREATE USER " + ", ".join(f"{w} IDENTIFIED BY 'x-043'" for w in who))
            srv.sql("GRANT FILE ON *.* TO " + ", ".join(who))
            assert srv.value("SELECT COUNT(*) FROM mysql.user WHERE User LIKE 'dbp043\\_n%' AND File_priv = 'Y'") == 205
            f = run(s, CODE)
        finally:
            srv.sql("DROP USER IF EXISTS " + ", ".join(who))
        assert f.outcome is Outcome.WARNING and len(f.evidence) == 50, f.message.en
        assert f.message.en.startswith("205 account(s) that log in remotely hold administrative privileges"), f.message.en


# ----- MySQL 8: mysql.sql's role logic run on MariaDB against stand-in grant tables ----------------
# (tests/mysql_security.py mysql8_standin: it proves the SQL's logic, not MySQL's catalogs)


def test_mysql8_sql_expands_default_nested_and_mandatory_roles(my_admin):
    from tests.mysql_security import MY8_GRANT_TABLES, mysql8_standin

    held = mysql8_standin(my_admin, CODE, MY8_GRANT_TABLES, mandatory_roles="`mand`@`%`")
    assert held == {
        "app@%": {"SELECT": ["-"], "SUPER": ["dba@%"], "GRANT OPTION": ["dba@%"], "SYSTEM_USER": ["dba@%"],
                  "FILE": ["nested@%"], "WRITE ON MYSQL": ["nested@%"], "SHUTDOWN": ["mand@% (SET ROLE)"]},
        "ops@10.0.0.%": {"SUPER": ["dba@% (SET ROLE)"], "GRANT OPTION": ["dba@% (SET ROLE)"],
                         "SYSTEM_USER": ["dba@% (SET ROLE)"], "FILE": ["nested@% (SET ROLE)"],
                         "WRITE ON MYSQL": ["nested@% (SET ROLE)"], "SHUTDOWN": ["mand@% (SET ROLE)"]},
    }
    # activate_all_roles_on_login: every granted role is active at login
    held = mysql8_standin(my_admin, CODE, MY8_GRANT_TABLES, mandatory_roles="", activate_all=1)
    assert held["ops@10.0.0.%"]["SUPER"] == ["dba@%"] and "SHUTDOWN" not in held["app@%"]


def test_split_super_privileges_and_writes_to_the_mysql_schema(srv):
    """MariaDB 10.5+ split SUPER (CONNECTION ADMIN, SET USER, READ_ONLY ADMIN …): a remote account holding
    one without SUPER was OK; so was one that may write the grant tables, which is administering the
    server (review should-fix 10). SELECT on mysql.* (what dbpatrol's own user may hold) is not."""
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'dbp043_conn'@'10.4.0.%' IDENTIFIED BY 'x-043'",
                                              "CREATE USER 'dbp043_setuser'@'10.4.0.%' IDENTIFIED BY 'x-043'",
                                              "CREATE USER 'dbp043_gt'@'10.4.0.%' IDENTIFIED BY 'x-043'",
                                              "CREATE USER 'dbp043_all'@'10.4.0.%' IDENTIFIED BY 'x-043'",
                                              "CREATE USER 'dbp043_reader'@'10.4.0.%' IDENTIFIED BY 'x-043'",
                                              "CREATE ROLE dbp043_grants"):
        srv.sql("GRANT CONNECTION ADMIN, READ_ONLY ADMIN ON *.* TO 'dbp043_conn'@'10.4.0.%'")
        srv.sql("GRANT SET USER ON *.* TO 'dbp043_setuser'@'10.4.0.%'")
        srv.sql("GRANT UPDATE ON mysql.global_priv TO dbp043_grants")
        srv.sql("GRANT dbp043_grants TO 'dbp043_gt'@'10.4.0.%'")
        srv.sql("SET DEFAULT ROLE dbp043_grants FOR 'dbp043_gt'@'10.4.0.%'")
        srv.sql("GRANT ALL ON `%`.* TO 'dbp043_all'@'10.4.0.%'")  # a pattern that matches the mysql schema too
        srv.sql("GRANT SELECT ON mysql.* TO 'dbp043_reader'@'10.4.0.%'")
        f = run(s, CODE)
        assert held(f) == {"dbp043_conn@10.4.0.%": "CONNECTION ADMIN, READ_ONLY ADMIN", "dbp043_setuser@10.4.0.%": "SET USER",
                           "dbp043_gt@10.4.0.%": "WRITE ON MYSQL", "dbp043_all@10.4.0.%": "WRITE ON MYSQL"}, f.message.en
        assert {r["account"]: r["via_roles"] for r in f.evidence}["dbp043_gt@10.4.0.%"] == "dbp043_grants"
        assert run(s, CODE, {"admin_privileges": {"value": ["SUPER"]}}).outcome is Outcome.OK
