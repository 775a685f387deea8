from checks.judges import num
from checks.security._mysql import ALLOWED_RATIONALE, cis_mariadb, cis_mysql, dengbao, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _limited(value, th) -> bool:
    limit = num(value)
    most = th["max_failed_logins"].value
    return bool(limit) and (most is None or limit <= most)


def _locks(lock_time) -> bool:
    """MySQL's PASSWORD_LOCK_TIME days: 0 (the default) locks nothing, -1 (UNBOUNDED) until unlocked."""
    return num(lock_time) not in (None, 0)


def _rate(row, th, ctx):
    if row.get("name") == "connection_control":
        return None  # not a lockout by itself; it stands in for the per-account ones (below)
    if row.get("scope") == "global":
        return None if _limited(row.get("failed_logins_limit"), th) else (Outcome.WARNING, "global")
    if not _limited(row.get("failed_logins_limit"), th):
        return Outcome.WARNING, "account"
    # MySQL tracks failed logins only when FAILED_LOGIN_ATTEMPTS and PASSWORD_LOCK_TIME are both
    # nonzero (MySQL manual, CREATE USER password-management options): n attempts with lock time 0 lock nothing
    return None if _locks(row.get("lock_time")) else (Outcome.WARNING, "no_lock_time")


_accounts = rated_judge(_rate, "max_failed_logins", key="name")


def _judge(rows, th, ctx):
    control = next((r for r in rows if r.get("name") == "connection_control"), None)
    if control is not None and _limited(control.get("failed_logins_limit"), th):
        rows = [control]  # every account's logins are delayed after that many failures
    v = _accounts(rows, th, ctx)
    most = th["max_failed_logins"].value
    v.params["max_failed_logins"] = "no limit" if most is None else int(most)
    return v


_judge.uses = _accounts.uses

SPEC = CheckSpec(
    code="SEC046",
    name="login_failures_not_limited",
    title=T("Failed logins not limited (no lockout after repeated wrong passwords)",
            "未限制登录失败次数（多次密码错误后不锁定）"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.4.2", privilege="USAGE"),
        "mysql": EngineSupport(min_version="8.0.19", privilege="SELECT ON mysql.user, SELECT ON performance_schema.*"),
    },
    columns=("name", "scope", "failed_logins_limit", "lock_time", "total"),
    object_key=("name",),
    thresholds=(
        Threshold(name="max_failed_logins", unit="attempts", kind="guard", value=10,
                  rationale="等保 2.0 8.1.4.1 b) asks to limit illegal login attempts without a number; CIS Oracle 19c "
                            "(SEC004) allows at most 10; MariaDB's default 4294967295 and MySQL's 0 mean no limit"),
        Threshold(name="allowed_accounts", unit="user@host", kind="list", value=(),
                  rationale=ALLOWED_RATIONALE + " (MySQL: an application account whose lockout would be an outage)"),
    ),
    judge=_judge,
    messages={
        "ok": T("Failed logins are limited to {max_failed_logins} or fewer ({total} read, {exempt} approved "
                "exception(s))",
                "登录失败次数已限制在 {max_failed_logins} 次以内（读取 {total} 项，已批准例外 {exempt} 个）"),
        "global": T("{name} = {failed_logins_limit}: wrong passwords can be tried without limit (expected at most "
                    "{max_failed_logins})",
                    "{name} = {failed_logins_limit}：可无限次尝试错误密码（应不超过 {max_failed_logins} 次）"),
        "account": T("{count} account(s) are never locked after failed logins (FAILED_LOGIN_ATTEMPTS unset or above "
                     "{max_failed_logins}, or PASSWORD_LOCK_TIME 0), e.g. {name}: {offenders}",
                     "{count} 个账号登录失败后不会锁定（未设置 FAILED_LOGIN_ATTEMPTS 或超过 {max_failed_logins}，或 "
                     "PASSWORD_LOCK_TIME 为 0），例如 {name}：{offenders}"),
        "no_lock_time": T("{count} account(s) are never locked after failed logins, e.g. {name}: FAILED_LOGIN_ATTEMPTS "
                          "{failed_logins_limit} but PASSWORD_LOCK_TIME 0, which tracks and locks nothing (MySQL needs "
                          "both nonzero): {offenders}",
                          "{count} 个账号登录失败后不会锁定，例如 {name}：FAILED_LOGIN_ATTEMPTS 为 {failed_logins_limit}，但 "
                          "PASSWORD_LOCK_TIME 为 0，不会记录也不会锁定（MySQL 要求两者均不为 0）：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("MariaDB: set max_password_errors (dynamic; persist it in the config); it does not protect accounts "
               "holding SUPER or CONNECTION ADMIN, nor local connections, so keep those accounts local. MySQL 8: set "
               "FAILED_LOGIN_ATTEMPTS together with a nonzero PASSWORD_LOCK_TIME per account (n attempts with lock "
               "time 0 lock nothing), or delay logins after repeated failures with connection control (MySQL 9.2+: "
               "component_connection_control; before: the connection_control plugin). Prefer the delay for "
               "application and service accounts: with a lockout, anyone who can reach the port can lock the "
               "application out by failing its logins (a denial of service). A blocked account is unblocked by FLUSH "
               "PRIVILEGES (MariaDB) or ALTER USER … ACCOUNT UNLOCK (MySQL).",
               "MariaDB：设置 max_password_errors（可在线修改，并写入配置文件）；它不保护持有 SUPER 或 CONNECTION ADMIN 的账号，"
               "也不作用于本地连接，因此这类账号应限于本地登录。MySQL 8：为每个账号设置 FAILED_LOGIN_ATTEMPTS，并同时设置不为 0 的 "
               "PASSWORD_LOCK_TIME（锁定时间为 0 时不会锁定），或用连接控制在多次失败后延迟登录（MySQL 9.2+ 用 "
               "component_connection_control 组件，之前的版本用 connection_control 插件）。应用和服务账号宜用延迟而非锁定："
               "采用锁定时，任何能访问端口的人都可以故意输错密码把应用账号锁住（拒绝服务）。被锁账号可用 FLUSH PRIVILEGES"
               "（MariaDB）或 ALTER USER … ACCOUNT UNLOCK（MySQL）解锁。"),
        commands={
            "mariadb": ["SET GLOBAL max_password_errors = 5;", "# my.cnf [mariadb]: max_password_errors = 5"],
            "mysql": ["ALTER USER 'user'@'host' FAILED_LOGIN_ATTEMPTS 5 PASSWORD_LOCK_TIME 1;  -- personal accounts",
                      "INSTALL COMPONENT 'file://component_connection_control';  -- MySQL 9.2+: delays, for every account",
                      "INSTALL PLUGIN connection_control SONAME 'connection_control.so';  -- before 9.2 (CIS MySQL 8.0 2.18)"],
        },
        references=["https://mariadb.com/kb/en/server-system-variables/#max_password_errors",
                    "https://dev.mysql.com/doc/refman/8.0/en/password-management.html#failed-login-tracking",
                    "https://dev.mysql.com/doc/refman/8.0/en/connection-control.html",
                    "https://dev.mysql.com/doc/refman/9.4/en/connection-control-component.html"],
    ),
    compliance=(
        cis_mysql("2.18", "Implement Connection Delays to Limit Failed Login Attempts", "实施连接延迟以限制登录失败尝试"),
        dengbao("8.1.4.1", "b) login failures are handled: the number of illegal login attempts is limited",
                "b）应具有登录失败处理功能，限制非法登录次数"),
    ),
    timeout_s=5,
)
