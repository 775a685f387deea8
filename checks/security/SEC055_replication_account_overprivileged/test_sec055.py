"""SEC055 on the shared private lab: replication accounts planted with REPLICATION SLAVE alone (and
with REPLICATION CLIENT), with data and RELOAD privileges besides, and with SUPER; the lab's root,
which holds every privilege, is an administrator (admin_accounts), not a replication account."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.live import REG, run
from tests.mysql_security import lab

pytestmark = pytest.mark.timeout(60)

CODE = "SEC055"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def extras(f) -> dict[str, str]:
    return {r["account"]: r["extra_privileges"] for r in f.evidence}


def test_replication_accounts_with_more_than_replication(srv):
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'dbp055_repl'@'10.1.2.%' IDENTIFIED BY 'x-055'",
                                              "CREATE USER 'dbp055_mixed'@'10.1.2.%' IDENTIFIED BY 'x-055'",
                                              "CREATE USER 'dbp055_super'@'%' IDENTIFIED BY 'x-055'"):
        srv.sql("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'dbp055_repl'@'10.1.2.%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.OK, f.message.en
        # root@localhost and root@127.0.0.1 hold every privilege (administrators), dbp055_repl replication only
        assert "(3 account(s) with REPLICATION SLAVE, 2 of them administrators)" in f.message.en
        srv.sql("GRANT REPLICATION SLAVE, SELECT, RELOAD ON *.* TO 'dbp055_mixed'@'10.1.2.%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.WARNING and extras(f) == {"dbp055_mixed@10.1.2.%": "RELOAD, SELECT"}, f.message.en
        srv.sql("GRANT REPLICATION SLAVE, SUPER ON *.* TO 'dbp055_super'@'%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert extras(f) == {"dbp055_super@%": "SUPER", "dbp055_mixed@10.1.2.%": "RELOAD, SELECT"}
        assert f.message.en.startswith("Replication account dbp055_super@% also holds SUPER")
        assert {(o.key, o.outcome) for o in f.objects} == {("dbp055_super@%", Outcome.CRITICAL),
                                                          ("dbp055_mixed@10.1.2.%", Outcome.WARNING)}
        no_admins = run(s, CODE, {"admin_accounts": {"value": []}})
        assert "root@127.0.0.1" not in extras(no_admins)  # holds ALL PRIVILEGES: an administrator anyway
        no_admins = run(s, CODE, {"admin_accounts": {"value": []}, "administrator_privileges": {"value": []}})
        assert "root@127.0.0.1" in extras(no_admins)  # holds every privilege, REPLICATION SLAVE among them


def test_a_dba_with_all_privileges_is_no_replication_account(srv):
    """Review should-fix 12: dba@10.% with ALL holds REPLICATION SLAVE too and was rated CRITICAL as a
    'replication account' (SEC043 already reports it); one short of ALL — SUPER beside replication —
    still is one. CLONE_ADMIN and the other recovery privileges are allowed on a Group Replication
    member only (CLONE_ADMIN includes SHUTDOWN)."""
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'dbp055_dba'@'10.%' IDENTIFIED BY 'x-055'",
                                              "CREATE USER 'dbp055_repl2'@'10.1.2.%' IDENTIFIED BY 'x-055'"):
        srv.sql("GRANT ALL ON *.* TO 'dbp055_dba'@'10.%'")
        srv.sql("GRANT REPLICATION SLAVE, SUPER ON *.* TO 'dbp055_repl2'@'10.1.2.%'")
        f = run(s, CODE)
        assert extras(f) == {"dbp055_repl2@10.1.2.%": "SUPER"}, f.message.en
        assert f.message.en.endswith("replication account(s) with more: dbp055_repl2@10.1.2.%")


def test_group_replication_privileges_only_on_a_member():
    from checks.judges import JudgeContext

    spec = REG.get(CODE).spec
    row = {"account": "recovery@10.1.2.%", "user_name": "recovery", "host_name": "10.1.2.%", "via_role": None,
           "role_active": "direct", "privileges": "BACKUP_ADMIN, CLONE_ADMIN, REPLICATION SLAVE", "total": 1}
    th = REG.effective_thresholds(CODE, [])
    ctx = lambda facts: JudgeContext(engine="mysql", facts=facts, object_key=spec.object_key)  # noqa: E731
    assert spec.judge([row], th, ctx({"group_replication": True})).outcome is Outcome.OK
    v = spec.judge([row], th, ctx({"group_replication": False}))
    assert v.outcome is Outcome.WARNING and v.evidence[0]["extra_privileges"] == "BACKUP_ADMIN, CLONE_ADMIN"


def test_replication_privilege_and_extras_through_roles(srv):
    """An account holding nothing itself: REPLICATION SLAVE through its default role, SUPER through a
    role nested in it (information_schema.USER_PRIVILEGES shows it USAGE only), FILE through PUBLIC."""
    with srv.session(CODE) as s, srv.accounts("CREATE ROLE dbp055_replrole", "CREATE ROLE dbp055_admin",
                                              "CREATE USER 'dbp055_r'@'10.1.4.%' IDENTIFIED BY 'x-055'"):
        srv.sql("GRANT REPLICATION SLAVE ON *.* TO dbp055_replrole")
        srv.sql("GRANT dbp055_replrole TO 'dbp055_r'@'10.1.4.%'")
        srv.sql("SET DEFAULT ROLE dbp055_replrole FOR 'dbp055_r'@'10.1.4.%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.OK and "(3 account(s) with REPLICATION SLAVE, 2 of them administrators)" in f.message.en
        srv.sql("GRANT SUPER ON *.* TO dbp055_admin")
        srv.sql("GRANT dbp055_admin TO dbp055_replrole")
        f = run(s, CODE)
        assert f.outcome is Outcome.CRITICAL and extras(f) == {"dbp055_r@10.1.4.%": "SUPER"}, f.message.en
        assert f.message.en.startswith("Replication account dbp055_r@10.1.4.% also holds SUPER (through role dbp055_admin)")
        srv.sql("REVOKE dbp055_admin FROM dbp055_replrole")
        srv.sql("GRANT FILE ON *.* TO PUBLIC")
        try:
            f = run(s, CODE, {"admin_accounts": {"value": ["root@localhost", "root@127.0.0.1"]}})
            assert extras(f) == {"dbp055_r@10.1.4.%": "FILE"} and f.evidence[0]["via_roles"] == "PUBLIC", f.message.en
        finally:
            srv.sql("REVOKE FILE ON *.* FROM PUBLIC")


def test_mysql8_sql_finds_replication_granted_through_a_nested_role(my_admin):
    """mysql.sql's role logic run on MariaDB against stand-in grant tables (tests/mysql_security.py
    mysql8_standin): REPLICATION SLAVE through the role nested in app@%'s default role makes app@% a
    replication account, ops@10.0.0.% (same role, not default) one too; root@localhost holds none."""
    from tests.mysql_security import MY8_GRANT_TABLES, mysql8_standin

    held = mysql8_standin(my_admin, CODE, MY8_GRANT_TABLES, extra=(
        "INSERT INTO {db}.USER_PRIVILEGES VALUES (\"'nested'@'%'\",'REPLICATION SLAVE','NO')",))
    assert set(held) == {"app@%", "ops@10.0.0.%"}
    assert held["app@%"]["REPLICATION SLAVE"] == ["nested@%"]
    assert held["ops@10.0.0.%"]["REPLICATION SLAVE"] == ["nested@% (SET ROLE)"]
    assert mysql8_standin(my_admin, CODE, MY8_GRANT_TABLES) == {}  # nobody holds REPLICATION SLAVE


def test_revoking_the_listed_extras_keeps_replication(srv):
    """The remediation revokes the finding's extra_privileges (it used to say REVOKE ALL PRIVILEGES, GRANT
    OPTION, which also takes REPLICATION SLAVE): run on the lab, the account replicates still and is OK."""
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'dbp055_fix'@'10.1.2.%' IDENTIFIED BY 'x-055'"):
        srv.sql("GRANT REPLICATION SLAVE, SLAVE MONITOR, SELECT, RELOAD ON *.* TO 'dbp055_fix'@'10.1.2.%'")
        row = next(r for r in run(s, CODE).evidence if r["account"] == "dbp055_fix@10.1.2.%")
        srv.sql(f"REVOKE {row['extra_privileges']} ON *.* FROM 'dbp055_fix'@'10.1.2.%'")
        assert "dbp055_fix@10.1.2.%" not in extras(run(s, CODE))
        grants = " ".join(r[0] for r in srv.sql("SHOW GRANTS FOR 'dbp055_fix'@'10.1.2.%'"))
        assert "REPLICATION SLAVE" in grants and "SLAVE MONITOR" in grants and "RELOAD" not in grants, grants
