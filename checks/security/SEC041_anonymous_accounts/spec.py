from checks.security._mysql import cis_mariadb, cis_mysql, dengbao, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome


def _rate(row, th, ctx):
    if row.get("state") == "open":
        return Outcome.CRITICAL, "open"
    return Outcome.WARNING, "locked"


SPEC = CheckSpec(
    code="SEC041",
    name="anonymous_accounts",
    title=T("Anonymous accounts (empty user name)", "匿名账号（用户名为空）"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.4", privilege="SELECT ON mysql.global_priv"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.user"),
    },
    columns=("account", "grantee", "host_name", "state", "total"),
    object_key=("account",),
    judge=rated_judge(_rate, allowed=None),
    messages={
        "ok": T("No anonymous account", "没有匿名账号"),
        "open": T("{count} anonymous account(s) ({offenders}): {grantee} accepts a client under any user name it "
                  "gives and hands it that account's privileges",
                  "存在 {count} 个匿名账号（{offenders}）：{grantee} 接受客户端以任意用户名登录，并授予其该账号的权限"),
        "locked": T("{count} anonymous account(s) ({offenders}), locked: {grantee} cannot log in now, but an "
                    "ACCOUNT UNLOCK brings it back; drop it",
                    "存在 {count} 个匿名账号（{offenders}），已锁定：{grantee} 目前不能登录，但一次 ACCOUNT UNLOCK 即可恢复，应删除"),
    },
    remediation=RemediationSpec(
        text=T("Drop every anonymous account (mysql_secure_installation / mariadb-secure-installation does the "
               "same). An anonymous ''@'localhost' also hides named accounts with a wider host for local "
               "connections, so dropping it can change which account a local client gets.",
               "删除所有匿名账号（mysql_secure_installation / mariadb-secure-installation 也会这样做）。"
               "匿名的 ''@'localhost' 还会让本地连接匹配不到主机范围更宽的具名账号，删除后本地客户端匹配到的账号可能变化。"),
        commands={"mariadb": ["DROP USER ''@'<host>';"], "mysql": ["DROP USER ''@'<host>';"]},
        references=["https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/security-anonymous-user.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/mysql-secure-installation.html",
                    "https://mariadb.com/kb/en/mariadb-secure-installation/"],
    ),
    compliance=(
        cis_mysql("7.7", "Ensure No Anonymous Accounts Exist", "确保不存在匿名账号"),
        cis_mariadb("7.6", "Ensure No Anonymous Accounts Exist", "确保不存在匿名账号"),
        dengbao("8.1.4.1", "a) identities are unique: no account without a user name",
                "a）身份标识具有唯一性：不存在无用户名的账号"),
        dengbao("8.1.4.2", "b) default accounts are removed", "b）应重命名或删除默认账户"),
    ),
    timeout_s=5,
)
