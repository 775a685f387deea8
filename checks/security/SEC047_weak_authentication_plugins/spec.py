from checks.security._mysql import ALLOWED_RATIONALE, cis_mariadb, cis_mysql, dengbao, is_on, listed, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, parse_version
from dbpatrol.results import Outcome

BROKEN = "mysql_old_password"


def first_factor_plugin(policy: str) -> str:
    """The plugin new accounts get from authentication_policy's first element (MySQL 8.0.27+): 'plugin',
    '*:plugin' (any plugin allowed, this one the default; 8.4 keeps separate mandatory and default
    plugins) or '*' / '' (no default named here: default_authentication_plugin, or caching_sha2_password)."""
    element = policy.split(",")[0].strip()
    return element.rpartition(":")[2].strip() if element not in ("*", "") else ""


def _rate(row, th, ctx):
    obj, value = str(row.get("object")), str(row.get("value") or "")
    mysql9 = ctx.engine == "mysql" and parse_version(ctx.server_version or "0") >= (9, 0)
    if row.get("kind") == "setting":
        if obj == "old_passwords" and is_on(value):
            return Outcome.CRITICAL, "old_passwords"
        if obj == "secure_auth" and not is_on(value):
            return Outcome.CRITICAL, "secure_auth"
        if obj in ("default_authentication_plugin", "authentication_policy"):
            first = first_factor_plugin(value) if obj == "authentication_policy" else value.strip()
            if first.lower() in ("mysql_native_password", "sha256_password") and first.lower() not in listed(th, "allowed_plugins"):
                return Outcome.WARNING, "default_plugin"
        return None
    if mysql9 and value == "mysql_native_password":
        # removed in MySQL 9.0: the account cannot log in at all (no allowance makes it work again)
        return Outcome.WARNING, "native_removed"
    if value.lower() in listed(th, "allowed_plugins"):
        return None
    return (Outcome.CRITICAL, "old_hash") if value == BROKEN else (Outcome.WARNING, "weak")


SPEC = CheckSpec(
    code="SEC047",
    name="weak_authentication_plugins",
    title=T("Accounts on weak or deprecated authentication plugins", "账号使用弱的或已弃用的认证插件"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.6", privilege="SELECT ON mysql.global_priv"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.user, SELECT ON performance_schema.*"),
    },
    columns=("object", "kind", "value", "total"),
    object_key=("object",),
    thresholds=(
        Threshold(name="allowed_plugins", unit="plugins", kind="list", value=(),
                  rationale="CIS MariaDB 10.11 7.3 wants ed25519/gssapi/pam/unix_socket, so mysql_native_password "
                            "warns there; a site that accepts it (MariaDB's default) lists it here. "
                            "mysql_old_password is never acceptable (16-hex-digit pre-4.1 hash)"),
        Threshold(name="allowed_accounts", unit="user@host", kind="list", value=(),
                  rationale=ALLOWED_RATIONALE + ", e.g. an account whose client library speaks no other plugin"),
    ),
    judge=rated_judge(_rate, "allowed_plugins", key="object"),
    messages={
        "ok": T("No account authenticates with a weak or deprecated plugin, and new passwords get a strong one "
                "({exempt} approved exception(s))",
                "没有账号使用弱的或已弃用的认证插件，新密码也使用强插件（已批准例外 {exempt} 个）"),
        "old_hash": T("{count} weak authentication(s), {object} on mysql_old_password: its pre-4.1 hash is cracked in "
                      "seconds from a captured login; {offenders}",
                      "{count} 处弱认证，{object} 使用 mysql_old_password：其 4.1 之前的哈希可由截获的登录在数秒内破解；{offenders}"),
        "old_passwords": T("old_passwords = {value}: new passwords are stored as pre-4.1 hashes; {count} weak "
                           "authentication(s) in all: {offenders}",
                           "old_passwords = {value}：新密码以 4.1 之前的哈希保存；共 {count} 处弱认证：{offenders}"),
        "secure_auth": T("secure_auth = {value}: the server lets in clients that use pre-4.1 password hashes; {count} "
                         "weak authentication(s) in all: {offenders}",
                         "secure_auth = {value}：服务器允许使用 4.1 之前密码哈希的客户端登录；共 {count} 处弱认证：{offenders}"),
        "native_removed": T("{count} account(s) on a plugin this server no longer has, e.g. {object} on "
                            "mysql_native_password, removed in MySQL 9.0: it cannot log in at all (re-create its "
                            "credentials with caching_sha2_password); {offenders}",
                            "{count} 个账号使用本服务器已不再提供的插件，例如 {object} 使用 MySQL 9.0 已移除的 "
                            "mysql_native_password：该账号根本无法登录（需改用 caching_sha2_password 重设凭据）；{offenders}"),
        "default_plugin": T("New accounts get {value} ({object}); {count} weak authentication(s) in all: {offenders}",
                            "新账号默认使用 {value}（{object}）；共 {count} 处弱认证：{offenders}"),
        "weak": T("{count} account(s) authenticate with a weak or deprecated plugin, e.g. {object} ({value}): {offenders}",
                  "{count} 个账号使用弱的或已弃用的认证插件，例如 {object}（{value}）：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Move accounts to a strong plugin with a new password (MariaDB: ed25519 — load auth_ed25519 first — or "
               "unix_socket/gssapi/pam; MySQL 8: caching_sha2_password), after checking every client library of the "
               "account speaks it (PyMySQL needs PyNaCl for ed25519). MariaDB: old_passwords OFF, secure_auth ON. "
               "A site keeping mysql_native_password: SEC047.allowed_plugins=mysql_native_password.",
               "在确认账号的所有客户端驱动都支持后，为账号改用强认证插件并重设密码（MariaDB：ed25519——需先加载 auth_ed25519——"
               "或 unix_socket/gssapi/pam；MySQL 8：caching_sha2_password）（PyMySQL 使用 ed25519 需安装 PyNaCl）。MariaDB："
               "old_passwords 设为 OFF，secure_auth 设为 ON。保留 mysql_native_password 的站点：SEC047.allowed_plugins=mysql_native_password。"),
        commands={
            "mariadb": ["INSTALL SONAME 'auth_ed25519';",
                        "ALTER USER 'user'@'host' IDENTIFIED VIA ed25519 USING PASSWORD('<new password>');",
                        "SET GLOBAL old_passwords = OFF; SET GLOBAL secure_auth = ON;"],
            "mysql": ["ALTER USER 'user'@'host' IDENTIFIED WITH caching_sha2_password BY RANDOM PASSWORD PASSWORD EXPIRE;",
                      "# my.cnf [mysqld]: default_authentication_plugin = caching_sha2_password (8.0) / "
                      "authentication_policy = caching_sha2_password,, (8.0.27+)"],
        },
        references=["https://mariadb.com/kb/en/authentication-plugin-ed25519/",
                    "https://mariadb.com/kb/en/authentication-plugin-mysql_old_password/",
                    "https://dev.mysql.com/doc/refman/8.0/en/caching-sha2-pluggable-authentication.html"],
    ),
    compliance=(
        cis_mysql("7.1", "Ensure default_authentication_plugin is Set to a Secure Option",
                  "确保 default_authentication_plugin 设置为安全选项"),
        cis_mariadb("7.1", "Disable use of the mysql_old_password plugin", "禁用 mysql_old_password 插件"),
        cis_mariadb("7.3", "Ensure strong authentication is utilized for all accounts", "确保所有账号均使用强认证"),
        dengbao("8.1.4.1", "a), c) authentication information withstands capture: no pre-4.1 or unsalted SHA-1 hashes",
                "a）、c）身份鉴别信息可抵御截获破解：不使用 4.1 之前或未加盐 SHA-1 的密码哈希"),
    ),
    timeout_s=5,
)
