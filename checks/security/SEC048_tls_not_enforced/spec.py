from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.security._mysql import cis_mariadb, cis_mysql, dengbao, is_on, listed
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("allowed_tls_versions", "cert_days_left")
def _judge(rows, th, ctx):
    by = {str(r.get("name")): r for r in rows}
    bad = []  # (row, outcome, message, expected)

    def flag(name, outcome, message, expected):
        bad.append(({**by[name], "expected": expected}, outcome, message))

    # Whether TLS is available: have_ssl where the server has it (MariaDB, MySQL before 8.4), else MySQL
    # 8.0.21+'s tls_channel_status (mysql_main Enabled: 8.4 removed have_ssl), else — no such row — an
    # empty tls_version or no server certificate: either way no TLS. An empty tls_version turns TLS off
    # whatever have_ssl says.
    versions = str(by.get("tls_version", {}).get("setting") or "").strip()
    if "have_ssl" in by:
        tls_on, source = str(by["have_ssl"].get("setting")).upper() == "YES", "have_ssl"
    elif "tls_channel" in by:
        tls_on, source = str(by["tls_channel"].get("setting")).upper() in ("YES", "ON"), "tls_channel"
    else:
        tls_on, source = "server_certificate" in by, "server_certificate"
        by.setdefault("server_certificate", {"name": "server_certificate", "setting": None, "days_left": None})
    if tls_on and "tls_version" in by and not versions:
        tls_on, source = False, "tls_version"
    if not tls_on:
        flag(source, Outcome.CRITICAL, "no_tls" if source == "have_ssl" else "no_tls_channel", "YES")
    if "require_secure_transport" in by and not is_on(by["require_secure_transport"].get("setting")):
        flag("require_secure_transport", Outcome.WARNING, "not_required", "ON")
    if tls_on and "tls_version" in by:
        allowed = {v.lower() for v in listed(th, "allowed_tls_versions")}
        offered = [v.strip() for v in str(by["tls_version"].get("setting") or "").split(",") if v.strip()]
        old = [v for v in offered if v.lower() not in allowed]
        if old:
            flag("tls_version", Outcome.WARNING, "old_versions", " | ".join(th["allowed_tls_versions"].value or ()))
            bad[-1][0]["old"] = ", ".join(old)
    if tls_on and "server_certificate" in by:
        days = num(by["server_certificate"].get("days_left"))
        outcome = th["cert_days_left"].classify(days)
        if outcome is not Outcome.OK:
            limit = next((x for x in (th["cert_days_left"].warning, th["cert_days_left"].critical) if x is not None), 0)
            flag("server_certificate", outcome, "expired" if days is not None and days < 0 else "expiring",
                 f"more than {limit:g} days")
    bad.sort(key=lambda b: -b[1].rank)
    base = {"count": len(bad), "total": len(rows), "tls_version": by.get("tls_version", {}).get("setting", "?")}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params={**base, **{
            "days_left": by.get("server_certificate", {}).get("days_left", "?")}}, evidence=rows[:EVIDENCE_LIMIT],
            objects={})
    worst, outcome, message = bad[0]
    return Verdict(outcome=outcome, message=message, params={**worst, **base},
                   evidence=[b[0] for b in bad], objects={str(b[0]["name"]): b[1] for b in bad})


SPEC = CheckSpec(
    code="SEC048",
    name="tls_not_enforced",
    title=T("Encrypted connections not available or not required; old TLS versions; certificate expiring",
            "未启用或未强制加密连接；允许旧版 TLS；证书即将过期"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.5.2", privilege="USAGE"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON performance_schema.*"),
    },
    columns=("name", "setting", "days_left"),
    object_key=("name",),
    thresholds=(
        Threshold(name="allowed_tls_versions", unit="protocols", kind="list", value=("TLSv1.2", "TLSv1.3"),
                  rationale="CIS MySQL 8.0 2.15 / CIS MariaDB 10.11 2.10 fail when tls_version includes TLSv1 or "
                            "TLSv1.1 (MySQLTuner warns on them too)"),
        Threshold(name="cert_days_left", unit="days", warning=30, critical=7, direction="below",
                  rationale="PMM's certificate expiry alert template warns 30 days ahead; 7 leaves a week to rotate; "
                            "an expired certificate is critical"),
    ),
    judge=_judge,
    messages={
        "ok": T("Connections are encrypted and required to be ({tls_version}); the server certificate has {days_left} "
                "days left",
                "连接均已加密且强制加密（{tls_version}）；服务器证书剩余 {days_left} 天"),
        "no_tls": T("TLS is not available (have_ssl = {setting}): logins and data cross the network in clear text; "
                    "{count} setting(s) off",
                    "未启用 TLS（have_ssl = {setting}）：登录认证与数据均以明文在网络上传输；共 {count} 项不符"),
        "no_tls_channel": T("TLS is not available ({name} = {setting}; MySQL 8.4 has no have_ssl, the main channel's "
                            "Enabled property, tls_version and the certificate say so): logins and data cross the "
                            "network in clear text; {count} setting(s) off",
                            "未启用 TLS（{name} = {setting}；MySQL 8.4 已无 have_ssl，由主通道的 Enabled 属性、tls_version "
                            "与证书判断）：登录认证与数据均以明文在网络上传输；共 {count} 项不符"),
        "not_required": T("require_secure_transport = {setting}: clients may connect without TLS; {count} setting(s) off",
                          "require_secure_transport = {setting}：客户端可不使用 TLS 连接；共 {count} 项不符"),
        "old_versions": T("tls_version = {setting} accepts {old}; expected only {expected}; {count} setting(s) off",
                          "tls_version = {setting} 允许 {old}；应仅允许 {expected}；共 {count} 项不符"),
        "expiring": T("The server certificate expires on {setting} UTC, in {days_left} days (threshold "
                      "{cert_days_left_warning}); {count} setting(s) off",
                      "服务器证书将于 UTC {setting} 过期，剩余 {days_left} 天（阈值 {cert_days_left_warning}）；共 {count} 项不符"),
        "expired": T("The server certificate expired on {setting} UTC ({days_left} days): clients that verify it "
                     "cannot connect; {count} setting(s) off",
                     "服务器证书已于 UTC {setting} 过期（{days_left} 天）：校验证书的客户端无法连接；共 {count} 项不符"),
    },
    remediation=RemediationSpec(
        text=T("Load a certificate and key (ssl_cert, ssl_key, ssl_ca; restart, or FLUSH SSL on MariaDB 10.4+ / "
               "ALTER INSTANCE RELOAD TLS on MySQL 8 to renew), accept only TLSv1.2 and TLSv1.3 (tls_version, static), "
               "then require TLS (require_secure_transport, dynamic) once every client connects with it: check "
               "first that no session runs without TLS (SEC049 names the accounts not required to use it).",
               "加载证书与私钥（ssl_cert、ssl_key、ssl_ca；需重启，续期可用 MariaDB 10.4+ 的 FLUSH SSL / MySQL 8 的 ALTER INSTANCE "
               "RELOAD TLS），仅允许 TLSv1.2 与 TLSv1.3（tls_version，静态参数），在确认所有客户端都使用 TLS 后再开启 "
               "require_secure_transport（可在线修改）：先确认没有未加密的会话（SEC049 列出未强制 TLS 的账号）。"),
        commands={
            "mariadb": ["# my.cnf [mariadb]: ssl_cert = /etc/mysql/ssl/server-cert.pem, ssl_key = /etc/mysql/ssl/server-key.pem, "
                        "tls_version = TLSv1.2,TLSv1.3, require_secure_transport = ON",
                        "SET GLOBAL require_secure_transport = ON;",
                        "FLUSH SSL;  -- after replacing an expiring certificate"],
            "mysql": ["SET PERSIST require_secure_transport = ON;",
                      "# my.cnf [mysqld]: tls_version = TLSv1.2,TLSv1.3",
                      "ALTER INSTANCE RELOAD TLS;  -- after replacing an expiring certificate"],
        },
        references=["https://mariadb.com/kb/en/securing-connections-for-client-and-server/",
                    "https://dev.mysql.com/doc/refman/8.0/en/using-encrypted-connections.html",
                    "https://docs.percona.com/percona-platform/advisors/checks/mysql-secure-transport-only.html"],
    ),
    compliance=(
        cis_mysql("8.1", "Ensure 'require_secure_transport' is Set to 'ON' and/or 'have_ssl' is Set to 'YES'",
                  "确保 require_secure_transport 为 ON 且/或 have_ssl 为 YES"),
        cis_mysql("2.15", "Limit Accepted Transport Layer Security (TLS) Versions", "限制可接受的 TLS 版本"),
        cis_mariadb("8.1", "Ensure 'require_secure_transport' is Set to 'ON' and 'have_ssl' is Set to 'YES'",
                    "确保 require_secure_transport 为 ON 且 have_ssl 为 YES"),
        cis_mariadb("2.10", "Limit Accepted Transport Layer Security (TLS) Versions", "限制可接受的 TLS 版本"),
        dengbao("8.1.4.1", "c) authentication information is protected from eavesdropping in transit",
                "c）远程管理时应采取必要措施防止鉴别信息在网络传输过程中被窃听"),
    ),
    timeout_s=5,
)
