from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="SEC022",
    name="md5_password_encryption",
    title=T("New passwords hashed with MD5 (password_encryption)", "新口令以 MD5 散列保存（password_encryption）"),
    category="security",
    tier="weekly",
    # pg_file_settings: the server's value when the monitoring user's own role or database settings hide it
    engines={"postgresql": EngineSupport(
        min_version="10",
        privilege="SELECT ON pg_catalog.pg_file_settings, EXECUTE ON FUNCTION pg_catalog.pg_show_all_file_settings()")},
    columns=("name", "setting", "scope", "source"),
    object_key=("name", "scope"),
    thresholds=(
        Threshold(name="allowed_password_encryption", unit="method", kind="list", value=("scram-sha-256",),
                  rationale="CIS PostgreSQL 16 5.4 (scram-sha-256 instead of md5, which is open to replay and whose "
                            "hash is enough to log in); pg-healthcheck G11-010 warns at md5 (catalog PG-SEC-03); "
                            "PostgreSQL 18 deprecates MD5 passwords"),
    ),
    judge=expected_settings(Expect(setting="password_encryption", allowed="allowed_password_encryption",
                                   message="md5")),
    messages={
        "ok": T("New passwords are hashed with scram-sha-256 ({total} place(s) where password_encryption is set)",
                "新口令以 scram-sha-256 散列保存（共 {total} 处设置了 password_encryption）"),
        "md5": T("password_encryption = {setting} for the {scope} (expected {expected}): passwords set there are "
                 "stored as MD5 hashes; {count} place(s) in all",
                 "{scope} 的 password_encryption = {setting}（应为 {expected}）：在此设置的口令以 MD5 散列保存；"
                 "共 {count} 处"),
    },
    remediation=RemediationSpec(
        text=T("Set password_encryption = 'scram-sha-256' for the server and drop per-role or per-database overrides, "
               "after checking every client library supports SCRAM (libpq 10+, JDBC 42.2+); then have each role set "
               "its password again and change md5 lines in pg_hba.conf to scram-sha-256 (SEC023 lists the roles "
               "still hashed with MD5).",
               "确认所有客户端驱动支持 SCRAM（libpq 10+、JDBC 42.2+）后，将服务器的 password_encryption 设为 "
               "'scram-sha-256'，并删除按角色或按数据库的覆盖设置；随后让每个角色重新设置口令，并把 pg_hba.conf 中的 "
               "md5 改为 scram-sha-256（SEC023 列出仍以 MD5 保存口令的角色）。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET password_encryption = 'scram-sha-256';",
            "SELECT pg_reload_conf();",
            "ALTER ROLE <role> RESET password_encryption;  -- an override listed by this check",
            "\\password <role>  -- psql: the role's password again, now hashed with SCRAM",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-PASSWORD-ENCRYPTION",
                    "https://www.postgresql.org/docs/current/auth-password.html"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="5.4",
                   title=T('Ensure login via "host" TCP/IP Socket is configured correctly',
                           "确保通过 host TCP/IP 套接字的登录配置正确"),
                   note=T("scram-sha-256 instead of md5", "以 scram-sha-256 代替 md5")),
        Compliance(framework="等保2.0", item="8.1.4.8",
                   note=T("b) cryptography protects authentication data in storage",
                          "b）应采用密码技术保证鉴别数据在存储过程中的保密性")),
    ),
    timeout_s=5,
)
