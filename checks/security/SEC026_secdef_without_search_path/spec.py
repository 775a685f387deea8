from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    """No pinned search_path is a WARNING; CRITICAL when the owner is a superuser and PUBLIC may execute
    it: then any role that can create an object on the caller's search_path runs code as superuser."""
    rated = [(r, Outcome.CRITICAL if r.get("owner_superuser") and r.get("public_execute") else Outcome.WARNING)
             for r in rows if r.get("search_path") is None]
    rated.sort(key=lambda x: -x[1].rank)
    total = int(num(rows[0].get("total")) or len(rows)) if rows else 0
    params = {"total": total, "count": len(rated),
              "database_name": rows[0]["database_name"] if rows else "-"}
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, outcome = rated[0]
    return Verdict(outcome=outcome, message="superuser" if outcome is Outcome.CRITICAL else "problem",
                   params={**params, **worst}, evidence=[r for r, _ in rated][:EVIDENCE_LIMIT], total=len(rated),
                   objects={ctx.object_of(r): o for r, o in rated})


SPEC = CheckSpec(
    code="SEC026",
    name="secdef_without_search_path",
    title=T("SECURITY DEFINER functions without a pinned search_path", "未固定 search_path 的 SECURITY DEFINER 函数"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("database_name", "schema_name", "function_name", "owner", "owner_superuser", "public_execute",
             "search_path", "total"),
    object_key=("schema_name", "function_name"),  # the finding names its database
    scope="database",
    judge=judge,
    messages={
        "ok": T("Every SECURITY DEFINER function in {database_name} pins its search_path ({total} such function(s), "
                "extension members not judged)",
                "{database_name} 中每个 SECURITY DEFINER 函数都固定了 search_path（共 {total} 个，扩展自带的函数不评估）"),
        "problem": T("{count} SECURITY DEFINER function(s) in {database_name} have no search_path of their own, e.g. "
                     "{schema_name}.{function_name} (owner {owner}, PUBLIC may execute: {public_execute})",
                     "{database_name} 中有 {count} 个 SECURITY DEFINER 函数未设置自己的 search_path，例如 "
                     "{schema_name}.{function_name}（属主 {owner}，PUBLIC 可执行：{public_execute}）"),
        "superuser": T("{count} SECURITY DEFINER function(s) in {database_name} have no search_path of their own, e.g. "
                       "{schema_name}.{function_name}, owned by superuser {owner} and executable by PUBLIC: a caller who "
                       "can create objects on its search_path runs code as a superuser",
                       "{database_name} 中有 {count} 个 SECURITY DEFINER 函数未设置自己的 search_path，例如 "
                       "{schema_name}.{function_name}，属主为超级用户 {owner} 且 PUBLIC 可执行：能在其 search_path "
                       "上创建对象的调用者即可以超级用户身份执行代码"),
    },
    remediation=RemediationSpec(
        text=T("Pin a search_path on each listed function that holds only trusted schemas, with pg_temp last (the "
               "temporary schema is otherwise searched first for tables), or qualify every name in its body; revoke "
               "EXECUTE from PUBLIC and grant it to the roles that need it; prefer SECURITY INVOKER where the elevation "
               "is not needed.",
               "为所列每个函数固定只含可信模式的 search_path，并把 pg_temp 放在最后（否则临时模式会被最先搜索表），"
               "或在函数体中为所有对象名加上模式限定；从 PUBLIC 收回 EXECUTE，只授予需要的角色；无需提权时改用 "
               "SECURITY INVOKER。"),
        commands={"postgresql": [
            "ALTER FUNCTION <schema>.<function>(<args>) SET search_path = <schema>, pg_temp;",
            "REVOKE EXECUTE ON FUNCTION <schema>.<function>(<args>) FROM PUBLIC;",
            "ALTER FUNCTION <schema>.<function>(<args>) SECURITY INVOKER;  -- where the elevation is not needed",
        ]},
        references=["https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="4.5", title=T("Ensure excessive function privileges are revoked",
                                                                     "确保收回过多的函数权限")),
        Compliance(framework="等保2.0", item="8.1.4.2",
                   note=T("d) least privilege: no privilege elevation beyond what is needed",
                          "d）最小权限：不作超出需要的提权")),
    ),
    timeout_s=10,
)
