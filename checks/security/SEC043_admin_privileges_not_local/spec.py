from checks.judges import uses
from checks.security._mysql import (ALLOWED_RATIONALE, account_privileges, cis_mariadb, cis_mysql, dengbao, listed,
                                    rated_judge, through_roles)
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, th, ctx):
    if not row["admin_privileges"]:
        return None
    kind = "any" if row.get("host_kind") == "any" else "remote"
    return (Outcome.CRITICAL if kind == "any" else Outcome.WARNING), kind + ("_role" if row["via_roles"] else "")


_accounts = rated_judge(_rate, "admin_privileges")


@uses(*_accounts.uses)
def _judge(rows, th, ctx):
    """One row per account: the administrative privileges it holds, its own or through roles / PUBLIC
    (``via_roles``: the roles giving those it does not hold itself). Every account the SQL returned
    is passed on, so ``total`` minus them is what the SQL's bound cut."""
    admin = {p.upper() for p in listed(th, "admin_privileges")}
    accounts = []
    for a in account_privileges(rows):
        held = a.pop("held")
        names = sorted(set(held) & admin)
        accounts.append({**a, "admin_privileges": ", ".join(names), "via_roles": through_roles(held, names)})
    accounts.sort(key=lambda a: (a.get("host_kind") != "any", a["account"]))
    return _accounts(accounts, th, ctx)


SPEC = CheckSpec(
    code="SEC043",
    name="admin_privileges_not_local",
    title=T("Administrative privileges (SUPER, FILE, GRANT OPTION …) held by accounts that log in remotely",
            "远程登录账号持有管理类权限（SUPER、FILE、GRANT OPTION 等）"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.4", privilege="SELECT ON mysql.*"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.*"),
    },
    columns=("account", "user_name", "host_name", "host_kind", "via_role", "role_active", "privileges", "total"),
    object_key=("account",),
    thresholds=(
        Threshold(name="admin_privileges", unit="privileges", kind="list",
                  value=("SUPER", "GRANT OPTION", "FILE", "SHUTDOWN", "CREATE USER", "SYSTEM_USER",
                         # MySQL 8 dynamic privileges that took SUPER's powers over (or grant every role, or let
                         # objects run as any account)
                         "ROLE_ADMIN", "SET_USER_ID", "SET_ANY_DEFINER", "ALLOW_NONEXISTENT_DEFINER",
                         "SYSTEM_VARIABLES_ADMIN", "PERSIST_RO_VARIABLES_ADMIN", "ENCRYPTION_KEY_ADMIN", "AUDIT_ADMIN",
                         "BINLOG_ADMIN", "CONNECTION_ADMIN", "REPLICATION_SLAVE_ADMIN", "CLONE_ADMIN",
                         # MariaDB 10.5+: SUPER split the same way
                         "SET USER", "READ_ONLY ADMIN", "BINLOG ADMIN", "BINLOG REPLAY", "REPLICATION MASTER ADMIN",
                         "REPLICATION SLAVE ADMIN", "CONNECTION ADMIN", "FEDERATED ADMIN",
                         "WRITE ON mysql"),
                  rationale="CIS MySQL 8.0 / MariaDB 10.11 5.2 FILE, 5.4 SUPER, 5.5 SHUTDOWN, 5.6 CREATE USER, 5.7 "
                            "GRANT OPTION for administrators only; PMM mysql_security_user_super_not_local; MySQL 8 "
                            "SYSTEM_USER guards the system accounts; the dynamic privileges that replaced SUPER "
                            "(MySQL 8.0 manual, Privileges Provided: ROLE_ADMIN grants any role, SET_USER_ID / 8.2+ "
                            "SET_ANY_DEFINER / ALLOW_NONEXISTENT_DEFINER make objects run as any account, CLONE_ADMIN "
                            "includes SHUTDOWN …) and MariaDB 10.5's split of SUPER (GRANT, global privileges); WRITE "
                            "ON mysql = a write privilege on the mysql schema's grant tables (CIS 5.1: only "
                            "administrators have full database access). PROCESS (CIS 5.3, Level 2) is left out: "
                            "dbpatrol's own user holds it"),
        Threshold(name="allowed_accounts", unit="user@host", kind="list", value=(),
                  rationale=ALLOWED_RATIONALE + ", e.g. a DBA account on the bastion host"),
    ),
    judge=_judge,
    messages={
        "ok": T("No account that logs in remotely holds an administrative privilege ({exempt} approved exception(s))",
                "没有远程登录账号持有管理类权限（已批准例外 {exempt} 个）"),
        "any": T("{account} holds {admin_privileges} and can log in from any host; {count} remote account(s) with "
                 "administrative privileges: {offenders}",
                 "{account} 持有 {admin_privileges}，且可从任意主机登录；共 {count} 个远程账号持有管理类权限：{offenders}"),
        "any_role": T("{account} holds {admin_privileges} (through role {via_roles}) and can log in from any host; "
                      "{count} remote account(s) with administrative privileges: {offenders}",
                      "{account} 持有 {admin_privileges}（经由角色 {via_roles}），且可从任意主机登录；共 {count} 个远程账号"
                      "持有管理类权限：{offenders}"),
        "remote_role": T("{count} account(s) that log in remotely hold administrative privileges, e.g. {account} "
                         "({admin_privileges}, through role {via_roles}): {offenders}",
                         "{count} 个远程登录账号持有管理类权限，例如 {account}（{admin_privileges}，经由角色 {via_roles}）："
                         "{offenders}"),
        "remote": T("{count} account(s) that log in remotely hold administrative privileges, e.g. {account} "
                    "({admin_privileges}): {offenders}",
                    "{count} 个远程登录账号持有管理类权限，例如 {account}（{admin_privileges}）：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Administer from the database host (or a named bastion host) with a personal account, and take the "
               "administrative privileges from application and remote accounts; on MySQL 8 replace SUPER by the "
               "dynamic privileges the task needs. A privilege held through a role (or PUBLIC) is revoked from the "
               "role, or the role from the account (REVOKE role FROM account): a role the account may only SET ROLE "
               "to is still usable by it. An approved remote DBA account: SEC043.allowed_accounts=dba@10.0.0.5.",
               "从数据库主机（或指定的堡垒机）使用个人账号进行管理，收回应用账号和远程账号的管理类权限；MySQL 8 上用任务所需的"
               "动态权限替代 SUPER。经由角色（或 PUBLIC）获得的权限，应从该角色收回，或从账号收回该角色（REVOKE 角色 FROM 账号）："
               "账号仅能通过 SET ROLE 启用的角色，同样可被其使用。经批准的远程 DBA 账号：SEC043.allowed_accounts=dba@10.0.0.5。"),
        commands={
            "mariadb": ["SHOW GRANTS FOR 'user'@'host';",
                        "REVOKE SUPER, FILE, SHUTDOWN, CREATE USER ON *.* FROM 'user'@'host';",
                        "REVOKE GRANT OPTION ON *.* FROM 'user'@'host';",
                        "REVOKE role FROM 'user'@'host';  -- a privilege held through a role",
                        "REVOKE INSERT, UPDATE, DELETE, CREATE, DROP, ALTER ON mysql.* FROM 'user'@'host';  -- WRITE ON mysql"],
            "mysql": ["SHOW GRANTS FOR 'user'@'host';",
                      "REVOKE SUPER, FILE, SHUTDOWN, CREATE USER ON *.* FROM 'user'@'host';",
                      "REVOKE GRANT OPTION ON *.* FROM 'user'@'host';",
                      "REVOKE 'role'@'%' FROM 'user'@'host';  -- a privilege held through a role (or @@mandatory_roles)",
                      "REVOKE INSERT, UPDATE, DELETE, CREATE, DROP, ALTER ON mysql.* FROM 'user'@'host';  -- WRITE ON mysql",
                      "GRANT BINLOG_ADMIN, SYSTEM_VARIABLES_ADMIN ON *.* TO 'user'@'host';  -- only what the task needs (CIS 5.4)"],
        },
        references=["https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/security-non-root-accounts-super-privileges.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/privileges-provided.html",
                    "https://mariadb.com/kb/en/grant/#global-privileges"],
    ),
    compliance=(
        cis_mysql("5.4", "Ensure 'SUPER' is Not Granted to Non-Administrative Users", "确保未向非管理用户授予 SUPER"),
        cis_mysql("5.7", "Ensure 'GRANT OPTION' is Not Granted to Non-Administrative Users", "确保未向非管理用户授予 GRANT OPTION"),
        cis_mariadb("5.4", "Ensure 'SUPER' is Not Granted to Non-Administrative Users", "确保未向非管理用户授予 SUPER"),
        cis_mariadb("5.7", "Ensure 'GRANT OPTION' is Not Granted to Non-Administrative Users", "确保未向非管理用户授予 GRANT OPTION"),
        dengbao("8.1.4.2", "d) administrative users get the least privilege they need",
                "d）应授予管理用户所需的最小权限，实现管理用户的权限分离"),
    ),
    timeout_s=10,
)
