from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

PRIVILEGE = "SELECT ON pg_catalog.pg_hba_file_rules, EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules()"


# Connection types that may carry the password without TLS: host accepts SSL and non-SSL alike,
# hostnossl only non-SSL. hostssl is TLS; hostgssenc is GSSAPI-encrypted.
UNENCRYPTED_TYPES = ("host", "hostnossl")


@uses("critical_methods", "warning_methods", "cleartext_methods", "local_weak_methods")
def judge(rows, th, ctx) -> Verdict:
    """A rule that admits remote clients (not local_only) with a method of critical_methods is
    CRITICAL, of warning_methods a WARNING. One with a method that has the client send its password in
    clear text (cleartext_methods: password, ldap, pam, radius, bsd) on a connection type that allows
    no TLS (host, hostnossl) is a WARNING, CRITICAL when it admits a superuser (users all, or a
    superuser named); on hostssl it is fine. A rule admitting only the server itself with a method of
    local_weak_methods (trust: any OS user of the host logs in as any role) is a WARNING. A line the
    server cannot parse (error) is a WARNING: the file does not load, the server keeps its previous rules."""
    crit = {str(m).lower() for m in th["critical_methods"].value or ()}
    warn = {str(m).lower() for m in th["warning_methods"].value or ()}
    clear = {str(m).lower() for m in th["cleartext_methods"].value or ()}
    local_weak = {str(m).lower() for m in th["local_weak_methods"].value or ()}
    rated = []
    for r in rows:
        method = str(r.get("auth_method") or "").lower()
        kind = str(r.get("type") or "").lower()
        if r.get("error"):
            rated.append((r, Outcome.WARNING, "error"))
        elif r.get("local_only"):
            if method in local_weak:
                rated.append((r, Outcome.WARNING, "local_weak"))
        elif method in crit:
            rated.append((r, Outcome.CRITICAL, "weak"))
        elif method in clear and kind in UNENCRYPTED_TYPES:
            rated.append((r, Outcome.CRITICAL if r.get("admits_superuser") else Outcome.WARNING, "cleartext"))
        elif method in warn:
            rated.append((r, Outcome.WARNING, "weak"))
    order = ("weak", "cleartext", "error", "local_weak")
    rated.sort(key=lambda x: (-x[1].rank, order.index(x[2]), x[0].get("line_number") or 0))
    params = {"total": len(rows), "count": len(rated),
              "remote_rules": sum(1 for r in rows if not r.get("local_only") and not r.get("error"))}
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, outcome, key = rated[0]
    objects: dict[str, Outcome] = {}
    for r, o, _ in rated:
        k = ctx.object_of(r)
        if k not in objects or o.rank > objects[k].rank:
            objects[k] = o
    return Verdict(outcome=outcome, message=key, params={**params, **worst},
                   evidence=[r for r, *_ in rated][:EVIDENCE_LIMIT], total=len(rated), objects=objects)


SPEC = CheckSpec(
    code="SEC024",
    name="hba_weak_auth_remote",
    title=T("pg_hba.conf lets clients in by trust, a clear-text password without TLS, ident or md5",
            "pg_hba.conf 允许客户端以 trust、无 TLS 的明文口令、ident 或 md5 方式登录"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege=PRIVILEGE)},
    columns=("rule", "line_number", "type", "databases", "users", "address", "auth_method", "rule_key",
             "admits_superuser", "local_only", "error"),
    # what the rule says, not its line: stays when lines are inserted above it or the file moves (16+)
    object_key=("rule_key",),
    thresholds=(
        Threshold(name="critical_methods", unit="method", kind="list", value=("trust",),
                  rationale="pg-healthcheck G01-009: trust on a non-loopback address is CRITICAL (catalog PG-SEC-04) — "
                            "anyone who reaches the port logs in as any role, superusers included"),
        Threshold(name="warning_methods", unit="method", kind="list", value=("ident", "md5"),
                  rationale="CIS PostgreSQL 16 5.4: trust, password and ident are not to be used for remote logins "
                            "and scram-sha-256 replaces md5 (pg-healthcheck G11-002 warns at md5 lines)"),
        Threshold(name="cleartext_methods", unit="method", kind="list", value=("password", "ldap", "pam", "radius", "bsd"),
                  rationale="PostgreSQL manual, auth-password.html: password sends the password in clear text; "
                            "auth-ldap.html, auth-pam.html, auth-radius.html, auth-bsd.html: these operate like password "
                            "(the client sends it in clear text; ldaptls protects only the server-to-LDAP leg), so "
                            "only hostssl protects it (等保 8.1.4.1 c); CIS PostgreSQL 16 5.4 excludes password remotely"),
        Threshold(name="local_weak_methods", unit="method", kind="list", value=("trust",),
                  rationale="PostgreSQL manual, auth-trust.html: trust on local connections lets any operating system "
                            "user of the host connect as any database user; CIS PostgreSQL 16 section 5 (login via the "
                            "local socket; item number not verified here) asks for peer / scram-sha-256 instead"),
    ),
    judge=judge,
    messages={
        "ok": T("No rule lets remote clients in by a weak method ({total} rule(s), {remote_rules} admitting remote "
                "clients; read from pg_hba.conf on disk)",
                "没有允许远程客户端以弱方式登录的规则（共 {total} 条规则，其中 {remote_rules} 条允许远程客户端；"
                "读取自磁盘上的 pg_hba.conf）"),
        "weak": T("{count} pg_hba.conf rule(s) at fault, e.g. {rule}: {rule_key} "
                  "lets remote clients in (read from the file on disk)",
                  "{count} 条 pg_hba.conf 规则存在问题，例如 {rule}：{rule_key} "
                  "允许远程客户端登录（读取自磁盘上的文件）"),
        "cleartext": T("{count} pg_hba.conf rule(s) at fault, e.g. {rule}: {rule_key} "
                       "has the client send its password in clear text, and a {type} line accepts "
                       "connections without TLS (ldaptls and RADIUS protect only the server's own leg): make it hostssl "
                       "(read from the file on disk)",
                       "{count} 条 pg_hba.conf 规则存在问题，例如 {rule}：{rule_key} "
                       "要求客户端以明文发送口令，而 {type} 规则接受不加密（无 TLS）的连接（ldaptls 和 "
                       "RADIUS 只保护服务器自己那一段）：应改为 hostssl（读取自磁盘上的文件）"),
        "local_weak": T("{count} pg_hba.conf rule(s) at fault, e.g. {rule}: {rule_key} "
                        "lets any user of the server's operating system log in as any role it names, "
                        "superusers included, without a password (read from the file on disk)",
                        "{count} 条 pg_hba.conf 规则存在问题，例如 {rule}：{rule_key} "
                        "允许服务器操作系统上的任何用户无需口令即以其所列的任何角色登录（包括超级用户）"
                        "（读取自磁盘上的文件）"),
        "error": T("pg_hba.conf cannot be loaded: {rule} has an error ({error}); the server keeps its previous rules "
                   "until it is fixed ({count} rule(s) at fault)",
                   "pg_hba.conf 无法加载：{rule} 有错误（{error}）；修正前服务器继续使用旧规则（共 {count} 条规则存在问题）"),
    },
    remediation=RemediationSpec(
        text=T("Change the listed rules to scram-sha-256 (hostssl where the network is not trusted) or cert, narrow "
               "their address to the application servers, and reload. LDAP, PAM, RADIUS and BSD logins receive the "
               "password in clear text: keep them on hostssl lines only. Local trust lines become peer (the socket) "
               "or scram-sha-256. Rules are matched top-down and the first match "
               "wins: a reject above a weak line hides it, one below does not. Test the file before reloading.",
               "把所列规则改为 scram-sha-256（网络不可信时用 hostssl）或 cert，把地址收窄到应用服务器，然后重新加载。"
               "LDAP、PAM、RADIUS 和 BSD 认证以明文接收口令：只能用于 hostssl 规则。本地 trust 规则改为 peer（套接字）"
               "或 scram-sha-256。"
               "规则自上而下匹配，第一条匹配的生效：弱规则之上的 reject 可以挡住它，之下的不能。重新加载前先检查文件。"),
        commands={"postgresql": [
            "SELECT line_number, type, database, user_name, address, netmask, auth_method, error FROM pg_hba_file_rules;",
            "-- edit pg_hba.conf (SHOW hba_file;): e.g. hostssl all all 10.0.0.0/24 scram-sha-256",
            "SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL;  -- must be empty",
            "SELECT pg_reload_conf();",
        ]},
        references=["https://www.postgresql.org/docs/current/auth-pg-hba-conf.html",
                    "https://www.postgresql.org/docs/current/view-pg-hba-file-rules.html"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="5.4",
                   title=T('Ensure login via "host" TCP/IP Socket is configured correctly',
                           "确保通过 host TCP/IP 套接字的登录配置正确"),
                   note=T("trust, password and ident are not used for remote logins; scram-sha-256 instead of md5",
                          "远程登录不使用 trust、password、ident；以 scram-sha-256 代替 md5")),
        Compliance(framework="等保2.0", item="8.1.4.1",
                   note=T("a) every login is identified and authenticated; c) no authentication data in clear text "
                          "over the network",
                          "a）应对登录的用户进行身份标识和鉴别；c）应防止鉴别信息在网络传输过程中被窃听")),
    ),
    timeout_s=5,
)
