from checks.security._mysql import ALLOWED_RATIONALE, cis_mariadb, cis_mysql, dengbao, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, th, ctx):
    kind, root = row.get("host_kind"), row.get("user_name") == "root"
    if root:
        return (Outcome.CRITICAL, "root_any") if kind == "any" else (Outcome.WARNING, "root_remote")
    if kind == "any":
        return Outcome.WARNING, "any"
    if kind == "public":
        return Outcome.WARNING, "public"
    return None


SPEC = CheckSpec(
    code="SEC042",
    name="accounts_open_to_any_host",
    title=T("Accounts usable from any host or a public network; root not local",
            "账号允许从任意主机或公网登录；root 非本地"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.4", privilege="SELECT ON mysql.global_priv"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.user"),
    },
    columns=("account", "user_name", "host_name", "host_kind", "total"),
    object_key=("account",),
    thresholds=(
        Threshold(name="allowed_accounts", unit="user@host", kind="list", value=(),
                  rationale=ALLOWED_RATIONALE + ". dbpatrol's own monitoring user belongs on its collector's "
                                                "address, not on '%'"),
    ),
    judge=rated_judge(_rate),
    messages={
        "ok": T("No account is open to any host or a public network, and root logs in locally only ({exempt} approved "
                "exception(s))",
                "没有对任意主机或公网开放的账号，root 仅限本地登录（已批准例外 {exempt} 个）"),
        "root_any": T("root can log in from any host ({account}); {count} account(s) too open in all: {offenders}",
                      "root 可从任意主机登录（{account}）；共 {count} 个账号开放范围过宽：{offenders}"),
        "root_remote": T("root can log in from {host_name} ({account}), not only locally; {count} account(s) too open "
                         "in all: {offenders}",
                         "root 可从 {host_name} 登录（{account}），不限于本地；共 {count} 个账号开放范围过宽：{offenders}"),
        "any": T("{count} account(s) accept logins from any host, e.g. {account}: {offenders}",
                 "{count} 个账号允许从任意主机登录，例如 {account}：{offenders}"),
        "public": T("{count} account(s) accept logins from a public network, e.g. {account} ({host_name}): {offenders}",
                    "{count} 个账号允许从公网登录，例如 {account}（{host_name}）：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Bind each account to the hosts or subnet its clients really connect from, and keep root local. "
               "MariaDB 10.4+ renames in place (RENAME USER keeps the privileges); on MySQL 8 RENAME USER does too. "
               "An account that must stay open can be approved: SEC042.allowed_accounts=user@%.",
               "将每个账号限定到其客户端实际连接的主机或网段，root 仅限本地。RENAME USER 会保留权限（MariaDB 10.4+、"
               "MySQL 8 均可）。确需开放的账号可列入批准名单：SEC042.allowed_accounts=user@%。"),
        commands={
            "mariadb": ["RENAME USER 'app'@'%' TO 'app'@'10.1.2.%';",
                        "DROP USER 'root'@'%';  -- after checking an administrator can still log in locally"],
            "mysql": ["RENAME USER 'app'@'%' TO 'app'@'10.1.2.0/24';  -- CIDR host: 8.0.23+",
                      "DROP USER 'root'@'%';  -- after checking an administrator can still log in locally"],
        },
        references=["https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/security-user-with-open-to-the-word-scope.html",
                    "https://docs.percona.com/percona-platform/advisors/checks/root-account-can-login-remotely.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/account-names.html"],
    ),
    compliance=(
        cis_mysql("7.6", "Ensure No Users Have Wildcard Hostnames", "确保没有用户使用通配符主机名"),
        cis_mariadb("7.5", "Ensure No Users Have Wildcard Hostnames", "确保没有用户使用通配符主机名"),
        dengbao("8.1.4.4", "c) administration terminals limited by network address range: accounts bound to "
                           "hosts, root local only",
                "c）应通过设定终端接入方式或网络地址范围对管理终端进行限制：账号限定主机，root 仅限本地"),
    ),
    timeout_s=5,
)
