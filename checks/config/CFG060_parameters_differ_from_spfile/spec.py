from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("ignored_parameters")
def judge(rows, th, ctx):
    first = rows[0] if rows else {}
    if not rows:
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    params = {"nondefault": first.get("nondefault"), "spfile": first.get("spfile")}
    if not first.get("spfile"):
        return Verdict(outcome=Outcome.SKIPPED, message="no_spfile", params=params, evidence=[])
    ignored = {str(n).lower() for n in th["ignored_parameters"].value or ()}
    # The Scheduler sets RESOURCE_MANAGER_PLAN in memory whenever a maintenance window opens (every night, all
    # weekend: 'SCHEDULER[0x…]:DEFAULT_MAINTENANCE_PLAN') and puts it back when it closes: Oracle's own, not a drift.
    bad = [r for r in rows if r.get("name") and str(r["name"]).lower() not in ignored
           and not (str(r["name"]).lower() == "resource_manager_plan"
                    and str(r.get("memory_value") or "").upper().startswith("SCHEDULER["))]
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[], objects={})
    return Verdict(outcome=Outcome.WARNING, message="differs", params={**params, **bad[0], "count": len(bad)},
                   evidence=bad[:EVIDENCE_LIMIT], total=len(bad), objects={ctx.object_of(r): Outcome.WARNING for r in bad})


SPEC = CheckSpec(
    code="CFG060",
    name="parameters_differ_from_spfile",
    title=T("Oracle parameters in memory differ from the spfile (lost or changed at the next restart)",
            "Oracle 内存中的参数与 spfile 不一致（下次重启时丢失或改变）"),
    category="config",
    tier="monthly",
    # Instance parameters live in the root's spfile; a PDB's own settings are stored in the root too.
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$PARAMETER, SELECT ON V_$SPPARAMETER",
                                     container="any")},
    columns=("spfile", "nondefault", "name", "memory_value", "spfile_value", "ismodified", "difference"),
    thresholds=(
        Threshold(name="ignored_parameters", unit="parameter", kind="list", value=(),
                  rationale="parameters a site changes in memory on purpose (a temporary trace setting); none by "
                            "default. Any other difference is what the next restart silently undoes or changes "
                            "(inspect4oracle parameters, zoeMonitor 参数违规, catalog ORA-CFG-01)"),
    ),
    judge=judge,
    object_key=("name",),
    messages={
        "ok": T("Every parameter in memory matches the spfile {spfile} ({nondefault} parameters not at their default)",
                "内存中的所有参数均与 spfile {spfile} 一致（{nondefault} 个参数不是默认值）"),
        "differs": T("{name} is {memory_value} in memory but {spfile_value} in the spfile ({difference}): the next "
                     "restart changes it; {count} parameter(s) differ",
                     "参数 {name} 在内存中为 {memory_value}，spfile 中为 {spfile_value}（{difference}）：下次重启会改变它；"
                     "共 {count} 个参数不一致"),
        "no_spfile": T("not applicable: the instance was started from a text parameter file (the parameter spfile is "
                       "empty), so there is no spfile to compare with; create one (CREATE SPFILE FROM MEMORY) so "
                       "ALTER SYSTEM … SCOPE=BOTH persists changes",
                       "不适用：实例由文本参数文件（pfile）启动（参数 spfile 为空），没有可比较的 spfile；请创建一个"
                       "（CREATE SPFILE FROM MEMORY），使 ALTER SYSTEM … SCOPE=BOTH 的修改能持久化"),
        "unreadable": T("Not inspected: V$PARAMETER returned no row to this user",
                        "未检查：V$PARAMETER 未向此用户返回任何行"),
    },
    remediation=RemediationSpec(
        text=T("Decide which value is right. To keep the memory value: ALTER SYSTEM SET … SCOPE=SPFILE (same value) "
               "so the next restart keeps it; to return to the spfile's value: ALTER SYSTEM SET … SCOPE=MEMORY with "
               "it, or leave it for the next restart. Record the change.",
               "确定哪个值是正确的。保留内存中的值：ALTER SYSTEM SET …（同一值）SCOPE=SPFILE，使下次重启保留它；"
               "恢复 spfile 的值：用该值执行 ALTER SYSTEM SET … SCOPE=MEMORY，或等下次重启。请记录该变更。"),
        commands={"oracle": ["ALTER SYSTEM SET <name> = <memory value> SCOPE=SPFILE SID='*';",
                             "SELECT name, display_value, ismodified FROM v$parameter WHERE ismodified <> 'FALSE';"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SPPARAMETER.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-PARAMETER.html"],
    ),
    timeout_s=15,
)
