from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    bad = sorted((r for r in rows if r.get("public_create")), key=lambda r: (r.get("schema_name") != "public",
                                                                          str(r.get("schema_name"))))
    params = {"total": len(rows), "count": len(bad), "database_name": rows[0]["database_name"] if rows else "-"}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    return Verdict(outcome=Outcome.WARNING, message="public_create" if bad[0]["schema_name"] == "public" else "create",
                   params={**params, **bad[0]}, evidence=bad[:EVIDENCE_LIMIT], total=len(bad),
                   objects={ctx.object_of(r): Outcome.WARNING for r in bad})


SPEC = CheckSpec(
    code="SEC025",
    name="public_schema_create",
    title=T("Every role may create objects in a schema (CREATE granted to PUBLIC)",
            "所有角色均可在模式中创建对象（CREATE 授予了 PUBLIC）"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("database_name", "schema_name", "owner", "public_privileges", "public_create"),
    object_key=("schema_name",),  # the finding names its database (scope "database")
    scope="database",
    judge=judge,
    messages={
        "ok": T("PUBLIC cannot create objects in any schema of {database_name} ({total} schema(s) PUBLIC may use)",
                "在 {database_name} 中 PUBLIC 不能在任何模式里创建对象（PUBLIC 可使用的模式 {total} 个）"),
        "public_create": T("PUBLIC may CREATE in schema public of {database_name} (privileges {public_privileges}): "
                           "the default before PostgreSQL 15, kept by pg_upgrade; any role can plant objects that "
                           "shadow others' on the search_path (CVE-2018-1058); {count} schema(s) in all",
                           "在 {database_name} 中 PUBLIC 可在 public 模式中 CREATE（权限 {public_privileges}）："
                           "这是 PostgreSQL 15 之前的默认值，pg_upgrade 会保留；任何角色都可植入对象，借 search_path "
                           "冒充他人对象（CVE-2018-1058）；共 {count} 个模式"),
        "create": T("PUBLIC may CREATE in schema {schema_name} of {database_name} (owner {owner}, privileges "
                    "{public_privileges}); {count} schema(s) in all",
                    "在 {database_name} 中 PUBLIC 可在模式 {schema_name} 中 CREATE（属主 {owner}，权限 "
                    "{public_privileges}）；共 {count} 个模式"),
    },
    remediation=RemediationSpec(
        text=T("Revoke CREATE from PUBLIC in each listed schema of each database (template1 too, so new databases "
               "do not inherit it), and grant it to the roles that own the application's objects.",
               "在每个数据库（包括 template1，避免新建数据库继承）的所列模式上收回 PUBLIC 的 CREATE 权限，"
               "改为授予拥有应用对象的角色。"),
        commands={"postgresql": [
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC;  -- in each database, template1 included",
            "GRANT CREATE ON SCHEMA public TO <app_owner_role>;",
        ]},
        references=["https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PATTERNS",
                    "https://wiki.postgresql.org/wiki/A_Guide_to_CVE-2018-1058:_Protect_Your_Search_Path"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="4.6", title=T("Ensure excessive DML privileges are revoked",
                                                                     "确保收回过多的 DML 权限"),
                   note=T("its note: REVOKE CREATE ON SCHEMA public FROM PUBLIC (CVE-2018-1058)",
                          "其附注：REVOKE CREATE ON SCHEMA public FROM PUBLIC（CVE-2018-1058）")),
        Compliance(framework="等保2.0", item="8.1.4.2",
                   note=T("d) least privilege; e) access control policy set by an authorised subject",
                          "d）授予所需的最小权限；e）由授权主体配置访问控制策略")),
    ),
    timeout_s=5,
)
