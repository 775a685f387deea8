from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _rate(r) -> tuple[Outcome, str] | None:
    """No pinned search_path, or one listing a schema someone else may create objects in, is a
    WARNING — CRITICAL when the owner is a superuser and PUBLIC may execute it: then any role that can
    create an object on that path runs code as superuser. A pinned path that does not end with pg_temp
    is a WARNING (the temporary schema, which any role with TEMP creates, is searched first for
    tables). An empty path pins nothing to hijack."""
    exposed = r.get("owner_superuser") and r.get("public_execute")
    path = r.get("search_path")
    if path is None:
        return (Outcome.CRITICAL if exposed else Outcome.WARNING), "superuser" if exposed else "problem"
    if str(path).strip() in ("", '""'):
        return None
    if r.get("writable_schemas"):
        return (Outcome.CRITICAL if exposed else Outcome.WARNING), "writable_path"
    if "ends_pg_temp" in r and not r.get("ends_pg_temp"):
        return Outcome.WARNING, "no_pg_temp"
    return None


@uses()
def judge(rows, th, ctx) -> Verdict:
    """Each SECURITY DEFINER function rated by _rate; the worst decides."""
    rated = [(r, *x) for r in rows for x in [_rate(r)] if x is not None]
    order = ("superuser", "writable_path", "problem", "no_pg_temp")
    rated.sort(key=lambda x: (-x[1].rank, order.index(x[2])))
    total = int(num(rows[0].get("total")) or len(rows)) if rows else 0
    params = {"total": total, "count": len(rated),
              "database_name": rows[0]["database_name"] if rows else "-"}
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, outcome, key = rated[0]
    return Verdict(outcome=outcome, message=key, params={**params, **worst,
                                                         "public_execute": "yes" if worst.get("public_execute") else "no",
                                                         "public_execute_zh": "是" if worst.get("public_execute") else "否"},
                   evidence=[r for r, *_ in rated][:EVIDENCE_LIMIT], total=len(rated),
                   objects={ctx.object_of(r): o for r, o, _ in rated})


SPEC = CheckSpec(
    code="SEC026",
    name="secdef_without_search_path",
    title=T("SECURITY DEFINER functions without a safe pinned search_path",
            "未固定安全 search_path 的 SECURITY DEFINER 函数"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("database_name", "schema_name", "function_name", "owner", "owner_superuser", "public_execute",
             "search_path", "ends_pg_temp", "writable_schemas", "total"),
    object_key=("schema_name", "function_name"),  # the finding names its database
    scope="database",
    judge=judge,
    messages={
        "ok": T("Every SECURITY DEFINER function in {database_name} pins a safe search_path ({total} such function(s), "
                "extension members not judged)",
                "{database_name} 中每个 SECURITY DEFINER 函数都固定了安全的 search_path（共 {total} 个，扩展自带的函数不评估）"),
        "problem": T("{count} SECURITY DEFINER function(s) in {database_name} have no search_path of their own, e.g. "
                     "{schema_name}.{function_name} (owner {owner}, PUBLIC may execute: {public_execute})",
                     "{database_name} 中有 {count} 个 SECURITY DEFINER 函数未设置自己的 search_path，例如 "
                     "{schema_name}.{function_name}（属主 {owner}，PUBLIC 可执行：{public_execute_zh}）"),
        "writable_path": T("{count} SECURITY DEFINER function(s) in {database_name} at fault, e.g. "
                           "{schema_name}.{function_name} (owner {owner}, PUBLIC may execute: {public_execute}) pins "
                           "search_path = {search_path}, but others may create objects in {writable_schemas}: whoever "
                           "can plant a table or function there runs it with the owner's privileges",
                           "{database_name} 中有 {count} 个 SECURITY DEFINER 函数存在问题，例如 "
                           "{schema_name}.{function_name}（属主 {owner}，PUBLIC 可执行：{public_execute_zh}）固定的 "
                           "search_path = {search_path}，但其他角色可在 {writable_schemas} 中创建对象：能在其中植入表或函数"
                           "的人即可以属主的权限执行它"),
        "no_pg_temp": T("{count} SECURITY DEFINER function(s) in {database_name} at fault, e.g. "
                        "{schema_name}.{function_name} pins search_path = {search_path} without pg_temp last: the "
                        "temporary schema, which any role allowed TEMP (PUBLIC by default) creates, is then searched "
                        "first for tables and views",
                        "{database_name} 中有 {count} 个 SECURITY DEFINER 函数存在问题，例如 "
                        "{schema_name}.{function_name} 固定的 search_path = {search_path} 未把 pg_temp 放在最后："
                        "任何拥有 TEMP 权限的角色（默认为 PUBLIC）创建的临时模式会被最先搜索表和视图"),
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
