from checks.security._mysql import ALLOWED_RATIONALE, cis_mariadb, cis_mysql, dengbao, is_on, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, th, ctx):
    return None if row.get("kind") == "setting" else (Outcome.WARNING, "problem")


_accounts = rated_judge(_rate, key="object")


def _judge(rows, th, ctx):
    rst = next((r for r in rows if r.get("object") == "require_secure_transport"), None)
    if rst is not None and is_on(rst.get("ssl_type")):
        rows = [rst]  # the server refuses TCP logins without TLS: the accounts' own clauses do not matter
    v = _accounts(rows, th, ctx)
    v.params["require_secure_transport"] = (rst or {}).get("ssl_type", "?")
    if v.outcome.name == "OK" and rst is not None and is_on(rst.get("ssl_type")):
        v.message = "enforced"
    return v


_judge.uses = _accounts.uses

SPEC = CheckSpec(
    code="SEC049",
    name="remote_accounts_without_tls",
    title=T("Remote accounts not required to use TLS", "远程账号未强制使用 TLS"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.5.2", privilege="SELECT ON mysql.global_priv"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.user"),
    },
    columns=("object", "kind", "host_name", "ssl_type", "total"),
    object_key=("object",),
    thresholds=(
        Threshold(name="allowed_accounts", unit="user@host", kind="list", value=(),
                  rationale=ALLOWED_RATIONALE + ", e.g. a replica's account on a private replication link"),
    ),
    judge=_judge,
    messages={
        "ok": T("Every remote account is required to use TLS ({exempt} approved exception(s))",
                "所有远程账号均已强制使用 TLS（已批准例外 {exempt} 个）"),
        "enforced": T("require_secure_transport = ON: every TCP login uses TLS", "require_secure_transport = ON：所有 TCP 登录均使用 TLS"),
        "problem": T("{count} remote account(s) may log in without TLS (REQUIRE NONE, require_secure_transport = "
                     "{require_secure_transport}), e.g. {object}: {offenders}",
                     "{count} 个远程账号可不使用 TLS 登录（REQUIRE NONE，require_secure_transport = {require_secure_transport}），"
                     "例如 {object}：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Require TLS for each remote account (REQUIRE SSL, or X509 for client certificates), or for the whole "
               "server with require_secure_transport = ON (SEC048). TLS must be available first (have_ssl = YES), "
               "and each client must connect with it, or it is locked out.",
               "为每个远程账号强制 TLS（REQUIRE SSL，需客户端证书时用 X509），或通过 require_secure_transport = ON 对整个服务器强制"
               "（见 SEC048）。前提是已启用 TLS（have_ssl = YES），且每个客户端都使用 TLS 连接，否则会被拒绝登录。"),
        commands={
            "mariadb": ["ALTER USER 'user'@'host' REQUIRE SSL;"],
            "mysql": ["ALTER USER 'user'@'host' REQUIRE SSL;  -- or REQUIRE X509 (CIS MySQL 8.0 8.2)"],
        },
        references=["https://mariadb.com/kb/en/securing-connections-for-client-and-server/#requiring-tls",
                    "https://dev.mysql.com/doc/refman/8.0/en/alter-user.html#alter-user-tls",
                    "https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/security-user-not-using-ssl-protocol.html"],
    ),
    compliance=(
        cis_mysql("8.2", "Ensure 'ssl_type' is Set to 'ANY', 'X509', or 'SPECIFIED' for All Remote Users",
                  "确保所有远程用户的 ssl_type 为 ANY、X509 或 SPECIFIED"),
        cis_mariadb("8.2", "Ensure 'ssl_type' is Set to 'ANY', 'X509', or 'SPECIFIED' for All Remote Users",
                    "确保所有远程用户的 ssl_type 为 ANY、X509 或 SPECIFIED"),
        dengbao("8.1.4.1", "c) remote logins cannot expose authentication information on the network",
                "c）远程登录时防止鉴别信息在网络传输过程中被窃听"),
    ),
    timeout_s=5,
)
