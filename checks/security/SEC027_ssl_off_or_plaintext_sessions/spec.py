from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Verdict, Threshold
from dbpatrol.results import Outcome

LOOPBACK = {"", "localhost", "127.0.0.1", "::1"}


def _loopback_only(listen: str) -> bool:
    parts = [p.strip().lower() for p in (listen or "").split(",")]
    return all(p in LOOPBACK or p.startswith("127.") for p in parts)


@uses("weak_tls_versions")
def judge(rows, th, ctx) -> Verdict:
    """Sessions from the network without TLS, or on a weak protocol version, are at fault first (each
    user@address one object); then ssl = off on a server that listens beyond loopback, and a minimum
    protocol version that still allows a weak one."""
    weak = {str(v).lower() for v in th["weak_tls_versions"].value or ()}
    settings = {r["object"]: r.get("setting") for r in rows if r.get("kind") == "setting"}
    sessions = [r for r in rows if r.get("kind") in ("session", "replication")]
    listen = str(settings.get("listen_addresses") or "")
    ssl_on = str(settings.get("ssl") or "").lower() == "on"
    bad: list[tuple[dict, str]] = []
    for r in sessions:
        if r.get("setting") != "on":
            bad.append((r, "plain_replication" if r.get("kind") == "replication" else "plain"))
        elif str(r.get("tls_version") or "").lower() in weak:
            bad.append((r, "weak_session"))
    for r in rows:
        if r.get("kind") != "setting":
            continue
        if r["object"] == "ssl" and not ssl_on and not _loopback_only(listen):
            bad.append((r, "ssl_off"))
        if r["object"] == "ssl_min_protocol_version" and ssl_on and str(r.get("setting") or "").lower() in weak:
            bad.append((r, "weak_minimum"))
    order = ("plain_replication", "plain", "weak_session", "ssl_off", "weak_minimum")
    bad.sort(key=lambda b: (order.index(b[1]), -(num(b[0].get("sessions")) or 0)))
    plain = [r for r, k in bad if k in ("plain", "plain_replication")]
    params = {"listen_addresses": listen or "''", "ssl": settings.get("ssl") or "?",
              "remote_sessions": int(sum(num(r.get("sessions")) or 0 for r in sessions)),
              "plain_sessions": int(sum(num(r.get("sessions")) or 0 for r in plain)),
              "plain_accounts": len(plain), "count": len(bad),
              "plain_replication": int(sum(num(r.get("sessions")) or 0 for r, k in bad if k == "plain_replication")),
              "min_version": settings.get("ssl_min_protocol_version") or "-"}
    if not bad:
        key = "ok_local" if not ssl_on and _loopback_only(listen) else "ok"
        return Verdict(outcome=Outcome.OK, message=key, params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, key = bad[0]
    return Verdict(outcome=Outcome.WARNING, message=key, params={**params, **worst},
                   evidence=[r for r, _ in bad][:EVIDENCE_LIMIT], total=len(bad),
                   objects={str(r["object"]): Outcome.WARNING for r, _ in bad})


SPEC = CheckSpec(
    code="SEC027",
    name="ssl_off_or_plaintext_sessions",
    title=T("TLS off, or client sessions from the network without TLS", "未启用 TLS，或来自网络的客户端会话未加密"),
    category="security",
    tier="weekly",
    # 12: pg_stat_gssapi (a GSSAPI-encrypted session has pg_stat_ssl.ssl false)
    engines={"postgresql": EngineSupport(min_version="12", privilege="pg_monitor")},
    columns=("kind", "object", "setting", "client", "tls_version", "sessions", "encryption"),
    object_key=("object",),
    thresholds=(
        Threshold(name="weak_tls_versions", unit="protocol", kind="list", value=("TLSv1", "TLSv1.1"),
                  rationale="CIS PostgreSQL 16 6.9: the TLSv1.0 and TLSv1.1 protocols are disabled; pg-healthcheck "
                            "G11-011 warns at unencrypted client connections and at ssl = off (catalog PG-SEC-07)"),
    ),
    judge=judge,
    messages={
        "ok": T("TLS is on (minimum {min_version}) and none of the {remote_sessions} session(s) from the network is "
                "unencrypted or on a weak protocol",
                "已启用 TLS（最低版本 {min_version}），来自网络的 {remote_sessions} 个会话均已加密且协议版本不弱"),
        "ok_local": T("ssl is off, but the server listens on loopback only (listen_addresses = {listen_addresses}): "
                      "no client crosses a network",
                      "ssl 未开启，但服务器只监听本机回环地址（listen_addresses = {listen_addresses}）：没有客户端经过网络"),
        "plain": T("{plain_sessions} session(s) from the network are not encrypted ({plain_accounts} user@address, e.g. "
                   "{object}, {sessions} session(s)); ssl = {ssl}",
                   "来自网络的 {plain_sessions} 个会话未加密（{plain_accounts} 个 用户@地址，例如 {object}，{sessions} 个会话）；"
                   "ssl = {ssl}"),
        "plain_replication": T("{plain_replication} replication connection(s) from the network are not encrypted, e.g. "
                               "{object} ({sessions} session(s)): every row changed on this server crosses the network in "
                               "clear text to the standby or subscriber; {plain_sessions} unencrypted session(s) from the "
                               "network in all; ssl = {ssl}",
                               "来自网络的 {plain_replication} 个复制连接未加密，例如 {object}（{sessions} 个会话）：本服务器上"
                               "变更的每一行都以明文经网络发送到备库或订阅端；来自网络的未加密会话共 {plain_sessions} 个；"
                               "ssl = {ssl}"),
        "weak_session": T("{count} finding(s): {object} is connected over {tls_version} ({sessions} session(s)), a "
                          "protocol version that should be disabled",
                          "{count} 项问题：{object} 通过 {tls_version} 连接（{sessions} 个会话），该协议版本应被禁用"),
        "ssl_off": T("ssl is off and the server listens beyond loopback (listen_addresses = {listen_addresses}): "
                     "passwords and data cross the network in clear text",
                     "ssl 未开启且服务器监听非回环地址（listen_addresses = {listen_addresses}）：口令和数据以明文经过网络"),
        "weak_minimum": T("ssl_min_protocol_version = {setting}: clients may still connect over a protocol version that "
                          "should be disabled",
                          "ssl_min_protocol_version = {setting}：客户端仍可使用应被禁用的协议版本连接"),
    },
    remediation=RemediationSpec(
        text=T("Turn TLS on with a certificate from the bank's CA (ssl = on, ssl_cert_file, ssl_key_file; a reload is "
               "enough from PostgreSQL 10), set ssl_min_protocol_version = 'TLSv1.2' or higher, then make remote rules "
               "hostssl (a hostnossl … reject line catches the rest, replication lines included) and have clients use "
               "sslmode=verify-full — standbys (primary_conninfo) and subscriptions (CONNECTION) too. A GSSAPI-encrypted "
               "session (hostgssenc) counts as encrypted.",
               "使用本行 CA 签发的证书启用 TLS（ssl = on、ssl_cert_file、ssl_key_file；PostgreSQL 10 起重新加载即可），"
               "设置 ssl_min_protocol_version = 'TLSv1.2' 或更高，再把远程规则改为 hostssl（用 hostnossl … reject "
               "拦住其余连接，复制规则同样），客户端使用 sslmode=verify-full——备库（primary_conninfo）和订阅（CONNECTION）"
               "也一样。GSSAPI 加密的会话（hostgssenc）视为已加密。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET ssl = on;  -- with ssl_cert_file / ssl_key_file in place",
            "ALTER SYSTEM SET ssl_min_protocol_version = 'TLSv1.2';",
            "SELECT pg_reload_conf();",
            "SELECT a.backend_type, a.usename, a.client_addr, s.ssl, s.version, g.encrypted AS gss FROM pg_stat_activity a "
            "JOIN pg_stat_ssl s USING (pid) LEFT JOIN pg_stat_gssapi g USING (pid) WHERE a.client_addr IS NOT NULL;",
            "hostnossl replication all 0.0.0.0/0 reject  -- pg_hba.conf, before the replication lines",
            "ALTER SYSTEM SET primary_conninfo = '… sslmode=verify-full';  -- on each standby",
        ]},
        references=["https://www.postgresql.org/docs/current/ssl-tcp.html",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-SSL-VIEW"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="6.8", title=T("Ensure TLS is enabled and configured correctly",
                                                                     "确保启用并正确配置 TLS")),
        Compliance(framework="CIS PostgreSQL 16", item="6.9", title=T("Ensure the TLSv1.0 and TLSv1.1 Protocols are Disabled",
                                                                     "确保禁用 TLSv1.0 和 TLSv1.1 协议")),
        Compliance(framework="等保2.0", item="8.1.4.1",
                   note=T("c) remote administration protects authentication data from eavesdropping on the network",
                          "c）当进行远程管理时，应采取必要措施防止鉴别信息在网络传输过程中被窃听")),
        Compliance(framework="等保2.0", item="8.1.4.8",
                   note=T("a) cryptography protects important data in transit", "a）应采用密码技术保证重要数据在传输过程中的保密性")),
    ),
    timeout_s=5,
)
