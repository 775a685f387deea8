from checks.judges import each_row, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

_each = each_row("used_pct", "used_pct", problem="near_limit")


@uses("used_pct", "resources")
def judge(rows, th, ctx):
    watched = {str(r).lower() for r in th["resources"].value or ()}
    return _each([r for r in rows if str(r.get("resource_name") or "").lower() in watched], th, ctx)


SPEC = CheckSpec(
    code="RUN020",
    name="process_limit_near",
    title=T("Oracle processes / sessions near their limit", "Oracle 进程数/会话数接近上限"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON GV_$RESOURCE_LIMIT", container="root")},
    columns=("inst_id", "resource_name", "current_utilization", "max_utilization", "limit_value", "used_pct", "max_pct"),
    thresholds=(
        Threshold(name="used_pct", unit="%", warning=70, critical=80, direction="above",
                  rationale="catalog ORA-RUN-04: Alibaba DAS-style connection usage 70/80 %"),
        Threshold(name="resources", unit="V$RESOURCE_LIMIT.RESOURCE_NAME", kind="list", value=("processes", "sessions"),
                  rationale="the limits that refuse new connections when reached (ORA-00020 / ORA-00018); "
                            "Oracle Database Reference 19c, V$RESOURCE_LIMIT"),
    ),
    judge=judge,
    messages={
        "ok": T("Processes and sessions below {used_pct_warning}% of their limits on every instance",
                "所有实例的进程数与会话数均低于上限的 {used_pct_warning}%"),
        "near_limit": T("Instance {inst_id}: {resource_name} at {used_pct}% of its limit ({current_utilization} of {limit_value}; peak since "
                        "startup {max_utilization}, {max_pct}%)",
                        "实例 {inst_id}：{resource_name} 已用上限的 {used_pct}%（{current_utilization}/{limit_value}；启动以来峰值 "
                        "{max_utilization}，{max_pct}%）"),
    },
    remediation=RemediationSpec(
        text=T("Find who holds the connections (V$SESSION by machine/program), fix pool leaks, use a connection "
               "pool or shared servers; raise PROCESSES (SESSIONS derives from it) in the spfile with a restart "
               "planned, checking OS limits (semaphores, ulimit -u).",
               "查明连接来源（按 machine/program 统计 V$SESSION），修复连接池泄漏，使用连接池或共享服务器；"
               "如需调大，在 spfile 中提高 PROCESSES（SESSIONS 随之派生）并安排重启，同时核对操作系统限制（信号量、ulimit -u）。"),
        commands={"oracle": ["SELECT inst_id, machine, program, COUNT(*) FROM gv$session GROUP BY inst_id, machine, program ORDER BY 4 DESC;",
                             "ALTER SYSTEM SET processes = <n> SCOPE = SPFILE SID = '*';"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-RESOURCE_LIMIT.html"],
    ),
    timeout_s=5,
    object_key=("inst_id", "resource_name"),
)
