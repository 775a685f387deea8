from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

CIS = "CIS PostgreSQL 16"


def _superuser(r) -> bool:
    return bool(r.get("direct") or r.get("via"))


@uses("allowed_superusers", "allowed_os_access")
def judge(rows, th, ctx) -> Verdict:
    """Every role that holds superuser (the attribute, or SET ROLE to a superuser role) and is neither
    the bootstrap superuser nor in allowed_superusers is at fault; a NOLOGIN superuser is listed but
    not judged (it is reachable only through members, and those are rows of their own). So is every
    LOGIN role that is superuser on the host in effect — a member of pg_execute_server_program,
    pg_write_server_files or pg_read_server_files (os_roles), or with CREATEROLE before PostgreSQL 16
    (createrole: it can grant itself those) — unless in allowed_os_access (or allowed_superusers)."""
    allowed = {str(a) for a in th["allowed_superusers"].value or ()}
    allowed_os = {str(a) for a in th["allowed_os_access"].value or ()} | allowed
    judged = [r for r in rows if r.get("can_login") and not r.get("bootstrap")]
    rated = []
    for r in judged:
        name = str(r.get("role_name"))
        if _superuser(r):
            if name not in allowed:
                rated.append((r, "direct" if r.get("direct") else "via"))
        elif name not in allowed_os:
            if r.get("os_roles"):
                rated.append((r, "os_access"))
            elif r.get("createrole"):
                rated.append((r, "createrole"))
    order = ("direct", "via", "os_access", "createrole")
    rated.sort(key=lambda x: (order.index(x[1]), str(x[0].get("role_name"))))  # the attribute itself first
    bootstrap = next((r["role_name"] for r in rows if r.get("bootstrap")), "-")
    superusers = [r for r in rows if _superuser(r)]
    params = {"total": len(superusers), "count": len(rated), "bootstrap_name": bootstrap,
              "allowed": ", ".join(sorted(allowed)) or "-", "allowed_os": ", ".join(sorted(allowed_os - allowed)) or "-",
              "os_count": sum(1 for _, k in rated if k in ("os_access", "createrole"))}
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, key = rated[0]
    return Verdict(outcome=Outcome.WARNING, message=key, params={**params, **worst, "server_version": ctx.server_version},
                   evidence=[r for r, _ in rated][:EVIDENCE_LIMIT], total=len(rated),
                   objects={str(r["role_name"]): Outcome.WARNING for r, _ in rated})


SPEC = CheckSpec(
    code="SEC020",
    name="superusers_not_approved",
    title=T("Superuser held by roles outside the approved list", "未经批准的角色拥有超级用户权限"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("role_name", "can_login", "direct", "via", "bootstrap", "os_roles", "createrole"),
    object_key=("role_name",),
    thresholds=(
        Threshold(name="allowed_superusers", unit="role", kind="list", value=(),
                  rationale="the DBA accounts a site approves for superuser (CIS PostgreSQL 16 4.3: only superusers "
                            "hold administrative power, and only the approved ones, catalog PG-SEC-01); the bootstrap "
                            "superuser (initdb's, oid 10) is always accepted and none other by default — pg-healthcheck "
                            "G11-009 warns above 2 login superusers, pgwatch reco_superusers only at 10"),
        Threshold(name="allowed_os_access", unit="role", kind="list", value=(),
                  rationale="the roles a site approves for access to the server's operating system: members of "
                            "pg_execute_server_program (COPY … PROGRAM runs shell commands as the server's OS user), "
                            "pg_write_server_files, pg_read_server_files, and CREATEROLE roles before PostgreSQL 16 "
                            "(they can grant themselves those) — superuser on the host in effect (PostgreSQL manual, "
                            "predefined-roles.html; CIS PostgreSQL 16 4.3); none by default"),
    ),
    judge=judge,
    messages={
        "ok": T("No unapproved role holds superuser or the server's operating system account ({total} role(s) hold "
                "superuser; approved: the bootstrap superuser {bootstrap_name}, allowed_superusers: {allowed}, "
                "allowed_os_access: {allowed_os})",
                "没有未经批准的角色拥有超级用户权限或服务器操作系统账户权限（共 {total} 个角色拥有超级用户权限；已批准："
                "初始超级用户 {bootstrap_name}，allowed_superusers：{allowed}，allowed_os_access：{allowed_os}）"),
        "direct": T("{count} login role(s) hold superuser without being approved, e.g. {role_name} (the SUPERUSER "
                    "attribute); approved: the bootstrap superuser {bootstrap_name}, allowed_superusers: {allowed}",
                    "{count} 个可登录角色未经批准拥有超级用户权限，例如 {role_name}（具有 SUPERUSER 属性）；"
                    "已批准：初始超级用户 {bootstrap_name}，allowed_superusers：{allowed}"),
        "via": T("{count} login role(s) can become superuser without being approved, e.g. {role_name} (SET ROLE to "
                 "superuser role {via} through membership); approved: the bootstrap superuser {bootstrap_name}, allowed_superusers: {allowed}",
                 "{count} 个可登录角色未经批准即可成为超级用户，例如 {role_name}（经成员关系可 SET ROLE 到超级用户角色 "
                 "{via}）；已批准：初始超级用户 {bootstrap_name}，allowed_superusers：{allowed}"),
        "os_access": T("{count} login role(s) hold unapproved superuser or host-level access, e.g. {role_name}, a member "
                       "of {os_roles}: it can run shell commands or read and write files as the server's operating "
                       "system user (COPY … PROGRAM / TO / FROM a file) — superuser on the host in effect; approved: "
                       "allowed_os_access: {allowed_os}",
                       "{count} 个可登录角色未经批准拥有超级用户或主机级权限，例如 {role_name}，为 {os_roles} 的成员："
                       "它能以服务器操作系统用户的身份执行 shell 命令或读写文件（COPY … PROGRAM / TO / FROM 文件）——"
                       "实际上等同于主机上的超级用户；已批准：allowed_os_access：{allowed_os}"),
        "createrole": T("{count} login role(s) hold unapproved superuser or host-level access, e.g. {role_name} with "
                        "CREATEROLE: before PostgreSQL 16 (this server is {server_version}) it can grant itself any "
                        "non-superuser role, pg_execute_server_program among them; approved: allowed_os_access: "
                        "{allowed_os}",
                        "{count} 个可登录角色未经批准拥有超级用户或主机级权限，例如具有 CREATEROLE 的 {role_name}："
                        "在 PostgreSQL 16 之前（本服务器为 {server_version}）它可以把任何非超级用户角色授予自己，"
                        "包括 pg_execute_server_program；已批准：allowed_os_access：{allowed_os}"),
    },
    remediation=RemediationSpec(
        text=T("Take superuser away from application and personal roles and give them the predefined roles that cover "
               "what they do (pg_monitor, pg_signal_backend, pg_read_all_data, pg_checkpoint …); revoke memberships "
               "that lead to a superuser role; list the approved DBA accounts in allowed_superusers. Memberships of "
               "pg_execute_server_program, pg_write_server_files and pg_read_server_files give the server's operating "
               "system account: revoke them (or list the approved roles in allowed_os_access), and before PostgreSQL "
               "16 take CREATEROLE from login roles, which can grant themselves those.",
               "收回应用账户和个人账户的超级用户权限，改授能覆盖其工作的预定义角色（pg_monitor、pg_signal_backend、"
               "pg_read_all_data、pg_checkpoint 等）；撤销通向超级用户角色的成员关系；将经批准的 DBA 账户列入 "
               "allowed_superusers。pg_execute_server_program、pg_write_server_files 和 pg_read_server_files 的成员"
               "关系等于获得服务器的操作系统账户：应予撤销（或把经批准的角色列入 allowed_os_access）；在 PostgreSQL 16 "
               "之前还应收回可登录角色的 CREATEROLE，它们可以把上述角色授予自己。"),
        commands={"postgresql": [
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolsuper;",
            "ALTER ROLE <role_name> NOSUPERUSER;",
            "REVOKE <superuser_role> FROM <role_name>;",
            "REVOKE pg_execute_server_program, pg_write_server_files, pg_read_server_files FROM <role_name>;",
            "ALTER ROLE <role_name> NOCREATEROLE;  -- before PostgreSQL 16",
            "GRANT pg_monitor TO <role_name>;  -- or the predefined role that fits (CIS PostgreSQL 16 4.9)",
        ]},
        references=["https://www.postgresql.org/docs/current/role-attributes.html",
                    "https://www.postgresql.org/docs/current/predefined-roles.html",
                    "https://www.postgresql.org/docs/current/sql-set-role.html"],
    ),
    compliance=(
        Compliance(framework=CIS, item="4.3", title=T("Ensure excessive administrative privileges are revoked",
                                                      "确保收回过多的管理权限")),
        Compliance(framework=CIS, item="4.8", title=T("Ensure the set_user extension is installed",
                                                      "确保安装 set_user 扩展"),
                   note=T("its audit: every login role holding direct or inherited superuser is authorised",
                          "其审计项：每个直接或经继承拥有超级用户权限的可登录角色均已获授权")),
        Compliance(framework=CIS, item="4.9", title=T("Make use of predefined roles", "使用预定义角色")),
        Compliance(framework="等保2.0", item="8.1.4.2",
                   note=T("d) grant administrative users only the privileges they need; separate administrative duties",
                          "d）应授予管理用户所需的最小权限，实现管理用户的权限分离")),
    ),
    timeout_s=5,
)
