from checks.judges import num
from checks.security._mysql import ALLOWED_RATIONALE, cis_mariadb, cis_mysql, dengbao, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

NEVER = float("inf")


def _rate(row, th, ctx):
    days = num(row.get("lifetime_days"))
    if days is None:
        return None
    days = NEVER if days == 0 else days
    levels = th["lifetime_days"]
    if levels.critical is not None and days > levels.critical:
        outcome = Outcome.CRITICAL
    elif levels.warning is not None and days > levels.warning:
        outcome = Outcome.WARNING
    else:
        return None
    if row.get("scope") == "global":
        if not num(row.get("accounts")):  # nobody follows it today: new accounts will
            outcome = Outcome.WARNING
        return outcome, "global_never" if days == NEVER else "global_long"
    return outcome, "account_never" if days == NEVER else "account_long"


_accounts = rated_judge(_rate, "lifetime_days", key="object")


def _judge(rows, th, ctx):
    v = _accounts(rows, th, ctx)
    if v.params.get("oldest_password_changed") is None:
        v.params["oldest_password_changed"] = "-"
    return v


_judge.uses = _accounts.uses

SPEC = CheckSpec(
    code="SEC044",
    name="password_expiry_not_enforced",
    title=T("Passwords that never expire or live too long", "密码永不过期或有效期过长"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.4.3", privilege="SELECT ON mysql.global_priv"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.user"),
    },
    columns=("object", "scope", "lifetime_days", "accounts", "password_changed", "oldest_password_changed", "total"),
    object_key=("object",),
    thresholds=(
        Threshold(name="lifetime_days", unit="days", warning=90, critical=365, direction="above",
                  rationale="等保 2.0 8.1.4.1 a) passwords changed regularly: 90 days is what assessors expect "
                            "(WEIli1215/mysql-checker 1.1); CIS MySQL 8.0 7.4 / 2.7 and CIS MariaDB 10.11 2.6 fail "
                            "beyond 365; 0 (never) counts as longer than any limit; PMM "
                            "mysql_security_password_lifetime warns at 0"),
        Threshold(name="allowed_accounts", unit="user@host", kind="list", value=(),
                  rationale=ALLOWED_RATIONALE + ", e.g. an application account rotated by a vault outside the server"),
    ),
    judge=_judge,
    messages={
        "ok": T("Passwords expire within {lifetime_days_warning} days: the server default and every account's own "
                "lifetime ({total} read, {exempt} approved exception(s))",
                "密码均在 {lifetime_days_warning} 天内过期：服务器默认值及各账号自身的有效期均符合要求（读取 {total} 项，已批准例外 {exempt} 个）"),
        "global_never": T("default_password_lifetime = 0: the passwords of the {accounts} account(s) that follow the "
                          "server default never expire (the oldest changed {oldest_password_changed} UTC; lowering the "
                          "default expires every older one at its next login); {count} setting(s)/account(s) too long "
                          "in all: {offenders}",
                          "default_password_lifetime = 0：遵循服务器默认值的 {accounts} 个账号密码永不过期（最早的修改于 "
                          "{oldest_password_changed} UTC；调低默认值会使所有更早的密码在下次登录时立即过期）；共 {count} 项过长：{offenders}"),
        "global_long": T("default_password_lifetime = {lifetime_days} days, longer than {lifetime_days_warning}, for the "
                         "{accounts} account(s) that follow it (the oldest password changed {oldest_password_changed} UTC; "
                         "lowering the default expires every older one at its next login); {count} "
                         "setting(s)/account(s) too long in all: {offenders}",
                         "default_password_lifetime = {lifetime_days} 天，超过 {lifetime_days_warning} 天，影响遵循默认值的 "
                         "{accounts} 个账号（最早的密码修改于 {oldest_password_changed} UTC；调低默认值会使所有更早的密码在下次登录时"
                         "立即过期）；共 {count} 项过长：{offenders}"),
        "account_never": T("{count} account(s) with passwords too long-lived, e.g. {object} set to PASSWORD EXPIRE NEVER "
                           "(last changed {password_changed}): {offenders}",
                           "{count} 个账号的密码有效期过长，例如 {object} 设置为 PASSWORD EXPIRE NEVER（上次修改 {password_changed}）：{offenders}"),
        "account_long": T("{count} account(s) with passwords too long-lived, e.g. {object}: {lifetime_days} days (limit "
                          "{lifetime_days_warning}): {offenders}",
                          "{count} 个账号的密码有效期过长，例如 {object}：{lifetime_days} 天（上限 {lifetime_days_warning} 天）：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Setting default_password_lifetime (or lowering it) expires, at the very next login, every password "
               "older than the new lifetime of every account that follows the default: a connection pool that "
               "reconnects gets ERROR 1862 (or sandbox mode) and the application is down. So, in this order: (1) list "
               "the accounts that follow the default and whose password is older than the lifetime you will set "
               "(first command); (2) give each application and service account among them an explicit lifetime "
               "(PASSWORD EXPIRE INTERVAL n DAY, or NEVER for one a vault rotates, approved in "
               "SEC044.allowed_accounts) or rotate its password first; (3) only then set the server-wide lifetime "
               "(and in the configuration file), and bring accounts with a lifetime of their own within it. Only "
               "accounts that log in with a stored password are counted (unix_socket, auth_socket, PAM … have none).",
               "设置（或调低）default_password_lifetime 时，所有遵循默认值的账号中，密码早于新有效期的，会在下一次登录时立即过期："
               "重连的连接池会收到 ERROR 1862（或进入沙箱模式），应用随即中断。因此请按以下顺序操作：(1) 列出遵循默认值、且密码早于"
               "拟设有效期的账号（第一条命令）；(2) 为其中每个应用和服务账号设置明确的有效期（PASSWORD EXPIRE INTERVAL n DAY；"
               "由密码保管系统轮换的账号可设为 NEVER 并列入 SEC044.allowed_accounts），或先为其轮换密码；(3) 最后再设置服务器级"
               "有效期（并写入配置文件），并将设有自身有效期的账号调整到限值以内。仅统计以存储密码登录的账号（unix_socket、"
               "auth_socket、PAM 等账号没有密码）。"),
        commands={
            "mariadb": ["SELECT User, Host, FROM_UNIXTIME(JSON_VALUE(Priv, '$.password_last_changed')) AS changed "
                        "FROM mysql.global_priv WHERE JSON_VALUE(Priv, '$.password_lifetime') IS NULL "
                        "AND JSON_VALUE(Priv, '$.password_last_changed') < UNIX_TIMESTAMP(NOW() - INTERVAL 90 DAY);  "
                        "-- (1) these expire at once",
                        "ALTER USER 'app'@'host' PASSWORD EXPIRE INTERVAL 90 DAY;  -- (2) or rotate first; "
                        "a vault-rotated one: PASSWORD EXPIRE NEVER + SEC044.allowed_accounts",
                        "SET GLOBAL default_password_lifetime = 90;  -- (3) only then; my.cnf [mariadb] too",
                        "ALTER USER 'user'@'host' PASSWORD EXPIRE DEFAULT;"],
            "mysql": ["SELECT User, Host, password_last_changed FROM mysql.user WHERE password_lifetime IS NULL "
                      "AND password_last_changed < NOW() - INTERVAL 90 DAY;  -- (1) these expire at once",
                      "ALTER USER 'app'@'host' PASSWORD EXPIRE INTERVAL 90 DAY;  -- (2) or rotate first; "
                      "a vault-rotated one: PASSWORD EXPIRE NEVER + SEC044.allowed_accounts",
                      "SET PERSIST default_password_lifetime = 90;  -- (3) only then",
                      "ALTER USER 'user'@'host' PASSWORD EXPIRE DEFAULT;"],
        },
        references=["https://mariadb.com/kb/en/user-password-expiry/",
                    "https://dev.mysql.com/doc/refman/8.0/en/password-management.html#password-expiration-policy",
                    "https://dev.mysql.com/doc/refman/8.0/en/expired-password-handling.html",
                    "https://docs.percona.com/percona-platform/advisors/checks/default-password-lifetime.html"],
    ),
    compliance=(
        cis_mysql("7.4", "Set 'default_password_lifetime' to Require a Yearly Password Change",
                  "设置 default_password_lifetime 以要求每年更换密码"),
        cis_mysql("2.7", "Ensure 'password_lifetime' is Less Than or Equal to '365'", "确保 password_lifetime 不超过 365"),
        cis_mariadb("2.6", "Ensure 'password_lifetime' is Less Than or Equal to '365'", "确保 password_lifetime 不超过 365"),
        dengbao("8.1.4.1", "a) authentication information is changed regularly: passwords expire",
                "a）身份鉴别信息应定期更换：密码设有有效期"),
    ),
    timeout_s=5,
)
