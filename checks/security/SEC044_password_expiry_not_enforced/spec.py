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
    columns=("object", "scope", "lifetime_days", "accounts", "password_changed", "total"),
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
    judge=rated_judge(_rate, "lifetime_days", key="object"),
    messages={
        "ok": T("Passwords expire within {lifetime_days_warning} days: the server default and every account's own "
                "lifetime ({total} read, {exempt} approved exception(s))",
                "密码均在 {lifetime_days_warning} 天内过期：服务器默认值及各账号自身的有效期均符合要求（读取 {total} 项，已批准例外 {exempt} 个）"),
        "global_never": T("default_password_lifetime = 0: the passwords of the {accounts} account(s) that follow the "
                          "server default never expire; {count} setting(s)/account(s) too long in all: {offenders}",
                          "default_password_lifetime = 0：遵循服务器默认值的 {accounts} 个账号密码永不过期；共 {count} 项过长：{offenders}"),
        "global_long": T("default_password_lifetime = {lifetime_days} days, longer than {lifetime_days_warning}, for the "
                         "{accounts} account(s) that follow it; {count} setting(s)/account(s) too long in all: {offenders}",
                         "default_password_lifetime = {lifetime_days} 天，超过 {lifetime_days_warning} 天，影响遵循默认值的 "
                         "{accounts} 个账号；共 {count} 项过长：{offenders}"),
        "account_never": T("{count} account(s) with passwords too long-lived, e.g. {object} set to PASSWORD EXPIRE NEVER "
                           "(last changed {password_changed}): {offenders}",
                           "{count} 个账号的密码有效期过长，例如 {object} 设置为 PASSWORD EXPIRE NEVER（上次修改 {password_changed}）：{offenders}"),
        "account_long": T("{count} account(s) with passwords too long-lived, e.g. {object}: {lifetime_days} days (limit "
                          "{lifetime_days_warning}): {offenders}",
                          "{count} 个账号的密码有效期过长，例如 {object}：{lifetime_days} 天（上限 {lifetime_days_warning} 天）：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Set a server-wide password lifetime and give accounts with a lifetime of their own one within it "
               "(PASSWORD EXPIRE DEFAULT makes an account follow the server). Rotate application passwords before "
               "they expire, or the application is locked out: an account rotated elsewhere can be approved "
               "(SEC044.allowed_accounts).",
               "设置服务器级密码有效期，并将设有自身有效期的账号调整到限值以内（PASSWORD EXPIRE DEFAULT 使账号遵循服务器设置）。"
               "应用账号须在过期前轮换密码，否则应用将无法登录；由外部系统轮换的账号可列入批准名单（SEC044.allowed_accounts）。"),
        commands={
            "mariadb": ["SET GLOBAL default_password_lifetime = 90;",
                        "# my.cnf [mariadb]: default_password_lifetime = 90",
                        "ALTER USER 'user'@'host' PASSWORD EXPIRE DEFAULT;"],
            "mysql": ["SET PERSIST default_password_lifetime = 90;",
                      "ALTER USER 'user'@'host' PASSWORD EXPIRE DEFAULT;"],
        },
        references=["https://mariadb.com/kb/en/user-password-expiry/",
                    "https://dev.mysql.com/doc/refman/8.0/en/password-management.html#password-expiration-policy",
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
