from checks.judges import num
from checks.logs import COLUMNS, Counted, judge, max_read_threshold, messages, setting
from checks.logs.postgresql import PRIVILEGE
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold


def not_logged(summary, th, ctx):
    """MySQL logs a failed login (MY-010926, a Note) only at log_error_verbosity 3; MariaDB its
    'Access denied' warning only with log_warnings >= 2 (the default): else there is nothing to count."""
    if ctx.engine == "mysql":
        v = num(setting(summary, "log_error_verbosity"))
        if v is not None and v < 3:
            return "not_logged_mysql", {"verbosity": int(v)}
    if ctx.engine == "mariadb":
        v = num(setting(summary, "log_warnings"))
        if v is not None and v < 2:
            return "not_logged_mariadb", {"log_warnings": int(v)}
    return None


SPEC = CheckSpec(
    code="ERR016",
    name="auth_failures_logged",
    title=T("Failed logins in the server log inside the window", "窗口内服务器日志中的登录失败"),
    category="errors",
    tier="daily",
    engines={
        # FATAL 28P01 (wrong password) / 28000 (no such role, pg_hba rejects, ident/peer/LDAP … failed)
        "postgresql": EngineSupport(min_version="11", privilege=PRIVILEGE),
        # ER_ACCESS_DENIED_ERROR_WITH_PASSWORD, logged as MY-010926 at log_error_verbosity = 3
        "mysql": EngineSupport(min_version="8.0.22", privilege="SELECT ON performance_schema.error_log",
                               requires=("performance_schema",)),
        # "[Warning] Access denied for user …" in @@log_error (log_warnings >= 2), in the server's language
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=COLUMNS,
    basis="window",
    thresholds=(
        Threshold(name="failures", unit="failed logins", warning=10, critical=100, direction="above",
                  rationale="as ERR014 for Oracle (catalog ORA-ERR-06, database.ink weekly 登录尝试失败; PG-ERR-02 "
                            "digoal 获取认证失败情况): a few are typos, tens are a stale password in an application "
                            "or a guessing attack (ours)"),
        max_read_threshold(),
    ),
    judge=judge([Counted("auth_failure", "failures")], extra_uses=("max_read_mb",), skip=not_logged),
    messages=messages("failed login", "登录失败", {
        "not_logged_mysql": T("not applicable: log_error_verbosity = {verbosity}: MySQL writes failed logins to the "
                              "error log (MY-010926, a Note) only at log_error_verbosity = 3",
                              "不适用：log_error_verbosity = {verbosity}：MySQL 仅在 log_error_verbosity = 3 时把登录失败"
                              "（MY-010926，Note 级）写入错误日志"),
        "not_logged_mariadb": T("not applicable: log_warnings = {log_warnings}: MariaDB writes 'Access denied' to the "
                                "error log only with log_warnings >= 2",
                                "不适用：log_warnings = {log_warnings}：MariaDB 仅在 log_warnings >= 2 时把 'Access denied' "
                                "写入错误日志"),
    }),
    remediation=RemediationSpec(
        text=T("The evidence names the user and client of each failed login. One user from one application host: a "
               "stale password in a pool or job — fix its configuration. Many users, or unknown hosts: a guessing "
               "attack — restrict pg_hba.conf / the account hosts and block the source; consider "
               "auth_delay (PostgreSQL) or FAILED_LOGIN_ATTEMPTS / max_password_errors (MySQL/MariaDB).",
               "证据中给出了每次登录失败的用户与客户端。同一应用主机上的同一用户：连接池或作业中的旧口令，修正其配置。"
               "多个用户或未知主机：口令猜测攻击——收紧 pg_hba.conf/账户允许的主机并封禁来源；可考虑 auth_delay（PostgreSQL）"
               "或 FAILED_LOGIN_ATTEMPTS / max_password_errors（MySQL/MariaDB）。"),
        commands={
            "postgresql": ["grep -E 'FATAL: .*(authentication failed|no pg_hba.conf entry|does not exist)' "
                           "\"$PGDATA/$(psql -Atc 'SELECT pg_current_logfile()')\" | tail -50"],
            "mysql": ["SET PERSIST log_error_verbosity = 3;  -- failed logins are Notes",
                      "SELECT logged, data FROM performance_schema.error_log WHERE error_code = 'MY-010926' "
                      "ORDER BY logged DESC LIMIT 50;"],
            "mariadb": ["grep 'Access denied for user' \"$(mariadb -Nse 'SELECT @@log_error')\" | tail -50"],
        },
        references=["https://www.postgresql.org/docs/current/auth-pg-hba-conf.html",
                    "https://www.postgresql.org/docs/current/auth-delay.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_log_error_verbosity",
                    "https://mariadb.com/kb/en/server-system-variables/#log_warnings"],
    ),
    timeout_s=20,
)
