from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

CIS = "CIS PostgreSQL 16"


@uses("allowed_superusers")
def judge(rows, th, ctx) -> Verdict:
    """Every role that holds superuser (the attribute, or SET ROLE to a superuser role) and is neither
    the bootstrap superuser nor in allowed_superusers is at fault; a NOLOGIN superuser is listed but
    not judged (it is reachable only through members, and those are rows of their own)."""
    allowed = {str(a) for a in th["allowed_superusers"].value or ()}
    judged = [r for r in rows if r.get("can_login") and not r.get("bootstrap")]
    bad = [r for r in judged if str(r.get("role_name")) not in allowed]
    bad.sort(key=lambda r: (not r.get("direct"), str(r.get("role_name"))))  # the attribute itself first
    bootstrap = next((r["role_name"] for r in rows if r.get("bootstrap")), "-")
    params = {"total": len(rows), "count": len(bad), "bootstrap_name": bootstrap,
              "allowed": ", ".join(sorted(allowed)) or "-"}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst = bad[0]
    return Verdict(outcome=Outcome.WARNING, message="direct" if worst.get("direct") else "via",
                   params={**params, **worst}, evidence=bad[:EVIDENCE_LIMIT], total=len(bad),
                   objects={str(r["role_name"]): Outcome.WARNING for r in bad})


SPEC = CheckSpec(
    code="SEC020",
    name="superusers_not_approved",
    title=T("Superuser held by roles outside the approved list", "未经批准的角色拥有超级用户权限"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("role_name", "can_login", "direct", "via", "bootstrap"),
    object_key=("role_name",),
    thresholds=(
        Threshold(name="allowed_superusers", unit="role", kind="list", value=(),
                  rationale="the DBA accounts a site approves for superuser (CIS PostgreSQL 16 4.3: only superusers "
                            "hold administrative power, and only the approved ones, catalog PG-SEC-01); the bootstrap "
                            "superuser (initdb's, oid 10) is always accepted and none other by default — pg-healthcheck "
                            "G11-009 warns above 2 login superusers, pgwatch reco_superusers only at 10"),
    ),
    judge=judge,
    messages={
        "ok": T("No unapproved role holds superuser ({total} role(s) hold it; approved: the bootstrap superuser "
                "{bootstrap_name}, allowed_superusers: {allowed})",
                "没有未经批准的角色拥有超级用户权限（共 {total} 个角色拥有；已批准：初始超级用户 {bootstrap_name}，"
                "allowed_superusers：{allowed}）"),
        "direct": T("{count} login role(s) hold superuser without being approved, e.g. {role_name} (the SUPERUSER "
                    "attribute); approved: the bootstrap superuser {bootstrap_name}, allowed_superusers: {allowed}",
                    "{count} 个可登录角色未经批准拥有超级用户权限，例如 {role_name}（具有 SUPERUSER 属性）；"
                    "已批准：初始超级用户 {bootstrap_name}，allowed_superusers：{allowed}"),
        "via": T("{count} login role(s) can become superuser without being approved, e.g. {role_name} (SET ROLE to "
                 "superuser role {via} through membership); approved: the bootstrap superuser {bootstrap_name}, allowed_superusers: {allowed}",
                 "{count} 个可登录角色未经批准即可成为超级用户，例如 {role_name}（经成员关系可 SET ROLE 到超级用户角色 "
                 "{via}）；已批准：初始超级用户 {bootstrap_name}，allowed_superusers：{allowed}"),
    },
    remediation=RemediationSpec(
        text=T("Take superuser away from application and personal roles and give them the predefined roles that cover "
               "what they do (pg_monitor, pg_signal_backend, pg_read_all_data, pg_checkpoint …); revoke memberships "
               "that lead to a superuser role; list the approved DBA accounts in allowed_superusers.",
               "收回应用账户和个人账户的超级用户权限，改授能覆盖其工作的预定义角色（pg_monitor、pg_signal_backend、"
               "pg_read_all_data、pg_checkpoint 等）；撤销通向超级用户角色的成员关系；将经批准的 DBA 账户列入 "
               "allowed_superusers。"),
        commands={"postgresql": [
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolsuper;",
            "ALTER ROLE <role_name> NOSUPERUSER;",
            "REVOKE <superuser_role> FROM <role_name>;",
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
