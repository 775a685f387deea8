from checks.security._mysql import cis_mariadb, cis_mysql, dengbao, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="SEC040",
    name="empty_password_accounts",
    title=T("Accounts that log in with an empty password", "可用空密码登录的账号"),
    category="security",
    tier="weekly",
    engines={
        # MariaDB keeps accounts as JSON in mysql.global_priv (mysql.user is a view over it without the
        # IDENTIFIED VIA … OR … alternatives); JSON_TABLE needs 10.6.
        "mariadb": EngineSupport(min_version="10.6", privilege="SELECT ON mysql.global_priv"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.user"),
    },
    columns=("account", "user_name", "host_name", "plugin", "total"),
    object_key=("account",),
    judge=rated_judge(lambda row, th, ctx: (Outcome.CRITICAL, "problem"), allowed=None),
    messages={
        "ok": T("No account that can log in accepts an empty password",
                "没有可登录的账号接受空密码"),
        "problem": T("{count} account(s) accept an empty password ({offenders}): anyone who reaches the server "
                     "can log in as {account} ({plugin}) without knowing anything",
                     "{count} 个账号接受空密码（{offenders}）：任何能连到服务器的人无需任何凭据即可以 {account}（{plugin}）身份登录"),
    },
    remediation=RemediationSpec(
        text=T("Give each listed account a strong password (or an authentication that takes none: unix_socket for "
               "local administrators), or lock it if nobody uses it. On MariaDB check every IDENTIFIED VIA … OR … "
               "alternative: one empty alternative is enough to log in.",
               "为所列每个账号设置强密码（本地管理员可改用无需密码的 unix_socket 认证），无人使用的账号直接锁定。"
               "MariaDB 需检查 IDENTIFIED VIA … OR … 的每一种认证方式：其中任一方式为空密码即可登录。"),
        commands={
            "mariadb": ["SHOW CREATE USER 'user'@'host';",
                        "ALTER USER 'user'@'host' IDENTIFIED BY '<strong password>';",
                        "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket;  -- local administrator, CIS MariaDB 7.3",
                        "ALTER USER 'user'@'host' ACCOUNT LOCK;  -- not in use"],
            "mysql": ["ALTER USER 'user'@'host' IDENTIFIED BY RANDOM PASSWORD PASSWORD EXPIRE;  -- CIS MySQL 8.0 7.3",
                      "ALTER USER 'user'@'host' ACCOUNT LOCK;  -- not in use"],
        },
        references=["https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/security-user-without-password.html",
                    "https://mariadb.com/kb/en/authentication-plugin-mysql_native_password/",
                    "https://dev.mysql.com/doc/refman/8.0/en/assigning-passwords.html"],
    ),
    compliance=(
        cis_mysql("7.3", "Ensure Passwords are Set for All MySQL Accounts", "确保所有 MySQL 账号均已设置密码"),
        cis_mariadb("7.3", "Ensure strong authentication is utilized for all accounts", "确保所有账号均使用强认证"),
        dengbao("8.1.4.1", "a) users who log in are authenticated: no account without a password",
                "a）应对登录的用户进行身份标识和鉴别：不存在无密码账号"),
    ),
    timeout_s=5,
)
