from checks.judges import uses
from checks.security._mysql import (account_key, account_privileges, cis_mariadb, cis_mysql, dengbao, listed,
                                    listed_keys, rated_judge, through_roles)
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

DANGEROUS = {"SUPER", "GRANT OPTION", "ALL PRIVILEGES", "CREATE USER", "FILE", "SHUTDOWN", "SYSTEM_USER"}


def _rate(row, th, ctx):
    if not row["extra_privileges"]:
        return None
    extra = set(row["extra_privileges"].split(", "))
    kind = "dangerous" if extra & DANGEROUS else "mixed"
    return (Outcome.CRITICAL if kind == "dangerous" else Outcome.WARNING), kind + ("_role" if row["via_roles"] else "")


_accounts = rated_judge(_rate, "allowed_replication_privileges", allowed="admin_accounts")


@uses(*_accounts.uses, "group_replication_privileges", "administrator_privileges")
def _judge(rows, th, ctx):
    """One row per replication account: what it holds beyond replication, its own or through roles /
    PUBLIC (``via_roles``: the roles giving extras it does not hold itself). Every account the SQL
    returned is passed on: ``total`` counts them, ``exempt`` the administrators among them — those
    listed (admin_accounts) and those holding every administrator_privileges one: an account with ALL
    PRIVILEGES holds REPLICATION SLAVE too, but it is a DBA's (SEC043's concern), not a replica's.
    Group Replication's recovery privileges are allowed only on a Group Replication member."""
    allowed = {p.upper() for p in listed(th, "allowed_replication_privileges")}
    if ctx.facts.get("group_replication"):
        allowed |= {p.upper() for p in listed(th, "group_replication_privileges")}
    full = {p.upper() for p in listed(th, "administrator_privileges")}
    named = listed_keys(th, "admin_accounts")
    accounts, administrators = [], 0
    for a in account_privileges(rows):
        held = a.pop("held")
        if full and full <= set(held):
            administrators += account_key(a["account"]) not in named  # the listed ones rated_judge counts
            accounts.append({**a, "extra_privileges": "", "via_roles": ""})
            continue
        extra = sorted(set(held) - allowed)
        accounts.append({**a, "extra_privileges": ", ".join(extra), "via_roles": through_roles(held, extra)})
    v = _accounts(accounts, th, ctx)
    v.params["exempt"] = v.params.get("exempt", 0) + administrators
    return v


SPEC = CheckSpec(
    code="SEC055",
    name="replication_account_overprivileged",
    title=T("Replication accounts holding more than replication (SUPER, data or admin privileges)",
            "复制账号持有复制以外的权限（SUPER、数据或管理权限）"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.4", privilege="SELECT ON mysql.*"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.*"),
    },
    columns=("account", "user_name", "host_name", "via_role", "role_active", "privileges", "total"),
    object_key=("account",),
    thresholds=(
        Threshold(name="allowed_replication_privileges", unit="privileges", kind="list",
                  value=("REPLICATION SLAVE", "REPLICATION CLIENT", "BINLOG MONITOR", "SLAVE MONITOR",
                         "REPLICATION SLAVE ADMIN"),
                  rationale="what a replica's account needs: REPLICATION SLAVE and monitoring (REPLICATION CLIENT; "
                            "MariaDB BINLOG / SLAVE MONITOR); anything else is mixed (PMM "
                            "mysql_security_replication_grants_mixed)"),
        Threshold(name="group_replication_privileges", unit="privileges", kind="list",
                  value=("BACKUP_ADMIN", "CLONE_ADMIN", "CONNECTION_ADMIN", "GROUP_REPLICATION_STREAM"),
                  rationale="MySQL Group Replication's recovery user: CONNECTION_ADMIN, BACKUP_ADMIN and CLONE_ADMIN "
                            "for distributed recovery by clone, GROUP_REPLICATION_STREAM for the MySQL communication "
                            "stack (MySQL manual, User Credentials For Distributed Recovery); allowed only on a Group "
                            "Replication member: CLONE_ADMIN includes BACKUP_ADMIN and SHUTDOWN, so elsewhere it lets "
                            "a replica's account restart the server"),
        Threshold(name="administrator_privileges", unit="privileges", kind="list",
                  value=("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "RELOAD", "SHUTDOWN", "PROCESS",
                         "FILE", "SUPER", "CREATE USER"),
                  rationale="an account holding all of these holds ALL PRIVILEGES (a DBA's account: SEC043 judges "
                            "where it may log in from), not one a replica was given; the review measured a remote "
                            "dba@10.% with ALL reported CRITICAL as a 'replication account'"),
        Threshold(name="admin_accounts", unit="user@host", kind="list",
                  value=("root@localhost", "root@127.0.0.1", "root@::1", "mysql@localhost"),
                  rationale="the local administrators that hold every privilege, REPLICATION SLAVE among them "
                            "(mariadb-install-db creates root@localhost and mysql@localhost); not replication accounts"),
    ),
    judge=_judge,
    messages={
        "ok": T("Replication accounts hold replication privileges only ({total} account(s) with REPLICATION SLAVE, "
                "{exempt} of them administrators)",
                "复制账号仅持有复制相关权限（{total} 个账号持有 REPLICATION SLAVE，其中 {exempt} 个为管理员）"),
        "dangerous": T("Replication account {account} also holds {extra_privileges}: whoever has the replica's "
                       "credentials can administer this server; {count} replication account(s) with more: {offenders}",
                       "复制账号 {account} 还持有 {extra_privileges}：拿到从库凭据的人即可管理本服务器；共 {count} 个复制账号权限过多：{offenders}"),
        "dangerous_role": T("Replication account {account} also holds {extra_privileges} (through role {via_roles}): "
                            "whoever has the replica's credentials can administer this server; {count} replication "
                            "account(s) with more: {offenders}",
                            "复制账号 {account} 还持有 {extra_privileges}（经由角色 {via_roles}）：拿到从库凭据的人即可管理本服务器；"
                            "共 {count} 个复制账号权限过多：{offenders}"),
        "mixed_role": T("{count} replication account(s) hold more than replication, e.g. {account}: {extra_privileges} "
                        "(through role {via_roles}); {offenders}",
                        "{count} 个复制账号持有复制以外的权限，例如 {account}：{extra_privileges}（经由角色 {via_roles}）；{offenders}"),
        "mixed": T("{count} replication account(s) hold more than replication, e.g. {account}: {extra_privileges}; "
                   "{offenders}",
                   "{count} 个复制账号持有复制以外的权限，例如 {account}：{extra_privileges}；{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Give each replica a dedicated account holding REPLICATION SLAVE only (plus monitoring), bound to the "
               "replica's host, and revoke the rest — the finding's extra_privileges, not ALL PRIVILEGES, which also takes "
               "REPLICATION SLAVE and what Group Replication recovery or monitoring need; administrators are listed in "
               "SEC055.admin_accounts.",
               "为每个从库使用专用账号，仅授予 REPLICATION SLAVE（及监控权限），并限定为从库主机，收回其余权限；管理员账号列入 "
               "SEC055.admin_accounts。收回的应是发现中列出的 extra_privileges，而不是 ALL PRIVILEGES：后者会连同 REPLICATION SLAVE "
               "以及组复制恢复、监控所需的权限一并收回。"),
        commands={
            "mariadb": ["SHOW GRANTS FOR 'repl'@'10.1.2.%';",
                        "REVOKE <extra_privileges> ON *.* FROM 'repl'@'10.1.2.%';  -- the finding's list only: REVOKE ALL "
                        "would take replication and monitoring too",
                        "REVOKE GRANT OPTION ON *.* FROM 'repl'@'10.1.2.%';  -- when GRANT OPTION is among them"],
            "mysql": ["SHOW GRANTS FOR 'repl'@'10.1.2.%';",
                      "REVOKE <extra_privileges> ON *.* FROM 'repl'@'10.1.2.%';  -- the finding's list only: REVOKE ALL "
                      "would also take what Group Replication recovery, clone or monitoring need",
                      "REVOKE GRANT OPTION ON *.* FROM 'repl'@'10.1.2.%';  -- when GRANT OPTION is among them",
                      "REVOKE 'role'@'%' FROM 'repl'@'10.1.2.%';  -- extras held through a role (via_roles)"],
        },
        references=["https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/mysql-replication-privileges.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/replication-howto-repuser.html",
                    "https://mariadb.com/kb/en/setting-up-replication/"],
    ),
    compliance=(
        cis_mysql("9.4", "Ensure 'super_priv' is Not Set to 'Y' for Replication Users",
                  "确保复制用户的 super_priv 不为 Y"),
        cis_mysql("5.8", "Ensure 'REPLICATION SLAVE' is Not Granted to Non-Administrative Users",
                  "确保未向非管理用户授予 REPLICATION SLAVE"),
        cis_mariadb("9.3", "Ensure 'super_priv' is Not Set to 'Y' for Replication Users",
                    "确保复制用户的 super_priv 不为 Y"),
        cis_mariadb("5.8", "Ensure 'REPLICATION SLAVE' is Not Granted to Non-Administrative Users",
                    "确保未向非管理用户授予 REPLICATION SLAVE"),
        dengbao("8.1.4.2", "d) least privilege and separation of duties: replication accounts replicate only",
                "d）最小权限与权限分离：复制账号仅用于复制"),
    ),
    timeout_s=10,
)
