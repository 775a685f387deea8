from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, ctx):
    return (Outcome.CRITICAL, "oracle") if str(row.get("oracle_maintained") or "").upper() == "Y" else (Outcome.WARNING, "invalid")


_rows = rows_judge([], problem="invalid", flag=_rate)


@uses("excluded_owners")
def judge(rows, th, ctx):
    skip = {str(o).upper() for o in th["excluded_owners"].value or ()}
    kept = [r for r in rows if str(r.get("owner") or "").upper() not in skip]
    verdict = _rows(kept, th, ctx)
    verdict.params["total_invalid"] = int(sum(num(r.get("invalid")) or 0 for r in kept))
    return verdict


SPEC = CheckSpec(
    code="OBJ001",
    name="invalid_objects",
    title=T("Oracle invalid objects", "Oracle 存在失效对象"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_OBJECTS")},
    columns=("owner", "object_type", "oracle_maintained", "invalid", "example", "last_ddl"),
    thresholds=(
        Threshold(name="excluded_owners", unit="schema", kind="list", value=(),
                  rationale="schemas whose invalid objects a site accepts (a retired application); none by default. "
                            "Any invalid object is reported (inspect4oracle objects module, catalog ORA-OBJ-01)"),
    ),
    judge=judge,
    messages={
        "ok": T("No invalid object in this container", "当前容器中没有失效对象"),
        "invalid": T("{total_invalid} invalid object(s); e.g. {invalid} {object_type} in {owner} such as {example} "
                     "(last DDL {last_ddl})",
                     "存在 {total_invalid} 个失效对象；例如 {owner} 中的 {invalid} 个 {object_type}，如 {example}（最近 DDL {last_ddl}）"),
        "oracle": T("{total_invalid} invalid object(s), Oracle-maintained ones among them: {invalid} {object_type} in "
                    "{owner} such as {example} — patching or an upgrade did not finish cleanly",
                    "存在 {total_invalid} 个失效对象，其中包括 Oracle 维护的对象：{owner} 中的 {invalid} 个 {object_type}，"
                    "如 {example}——补丁或升级未正常完成"),
    },
    remediation=RemediationSpec(
        text=T("Recompile (UTL_RECOMP.RECOMP_PARALLEL or @?/rdbms/admin/utlrp.sql) and look at what stays invalid "
               "(DBA_ERRORS); Oracle-maintained invalid objects after a patch: re-run datapatch and check "
               "DBA_REGISTRY_SQLPATCH.",
               "重新编译（UTL_RECOMP.RECOMP_PARALLEL 或 @?/rdbms/admin/utlrp.sql），查看仍失效对象的错误（DBA_ERRORS）；"
               "补丁后 Oracle 维护的对象失效：重新执行 datapatch 并检查 DBA_REGISTRY_SQLPATCH。"),
        commands={"oracle": ["@?/rdbms/admin/utlrp.sql  -- as SYS, in each container (catcon.pl for every PDB)",
                             "SELECT owner, object_type, object_name FROM dba_objects WHERE status = 'INVALID' ORDER BY 1, 2, 3;",
                             "SELECT owner, name, type, line, text FROM dba_errors ORDER BY 1, 2;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_OBJECTS.html"],
    ),
    timeout_s=30,
    object_key=("owner", "object_type"),
)
