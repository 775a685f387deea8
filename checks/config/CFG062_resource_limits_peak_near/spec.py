from checks.judges import each_row, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_rows = each_row("max_pct", "max_pct", problem="near")


@uses("max_pct")
def judge(rows, th, ctx):
    if not rows:  # processes and sessions always have a numeric limit: no row is a view we cannot read
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    verdict = _rows(rows, th, ctx)
    verdict.since = min(str(r.get("counters_since")) for r in rows)
    return verdict


SPEC = CheckSpec(
    code="CFG062",
    name="resource_limits_peak_near",
    title=T("Oracle resource limits nearly reached at their peak since startup", "Oracle 资源限制自启动以来的峰值接近上限"),
    category="config",
    tier="monthly",
    engines={"oracle": EngineSupport(min_version="19", container="root",
                                     privilege="SELECT ON GV_$RESOURCE_LIMIT, SELECT ON GV_$INSTANCE")},
    columns=("inst_id", "resource_name", "max_utilization", "limit_value", "max_pct", "counters_since"),
    thresholds=(
        Threshold(name="max_pct", unit="% of limit at peak", warning=80, critical=95, direction="above",
                  rationale="catalog ORA-CFG-03 (V$RESOURCE_LIMIT.MAX_UTILIZATION vs LIMIT_VALUE) names no level; "
                            "the DAS-style 70/80 % RUN020 applies to current use, a peak is rated later: 80 / 95 % "
                            "(ours) — at 100 % new sessions or processes fail (ORA-00018 / ORA-00020)"),
    ),
    judge=judge,
    basis="cumulative",
    object_key=("inst_id", "resource_name"),
    messages={
        "ok": T("Every resource limit kept headroom at its peak since startup (highest: {resource_name} on instance "
                "{inst_id}, {max_utilization} of {limit_value}, {max_pct}%)",
                "自启动以来各资源限制的峰值均留有余量（最高：实例 {inst_id} 的 {resource_name}，{max_utilization}/"
                "{limit_value}，{max_pct}%）"),
        "near": T("{resource_name} on instance {inst_id} peaked at {max_utilization} of {limit_value} ({max_pct}%) since "
                  "{counters_since}; {count} resource(s) over the threshold",
                  "实例 {inst_id} 的 {resource_name} 自 {counters_since} 以来峰值为 {max_utilization}/{limit_value}"
                  "（{max_pct}%）；共 {count} 项超过阈值"),
        "unreadable": T("Not inspected: GV$RESOURCE_LIMIT returned no numeric limit to this user",
                        "未检查：GV$RESOURCE_LIMIT 未向此用户返回任何数值型限制"),
    },
    remediation=RemediationSpec(
        text=T("Raise the parameter behind the resource (PROCESSES; SESSIONS and TRANSACTIONS derive from it unless "
               "set) in the spfile for the next restart, checking the host's kernel limits (semaphores, nproc) "
               "first; or find what opened so many (a connection pool without a maximum).",
               "在 spfile 中调高该资源对应的参数（PROCESSES；SESSIONS 和 TRANSACTIONS 若未显式设置则由其推导），下次重启生效，"
               "之前先检查主机内核限制（信号量、nproc）；或找出打开如此多连接的来源（未设上限的连接池）。"),
        commands={"oracle": ["ALTER SYSTEM SET processes = <n> SCOPE=SPFILE SID='*';",
                             "SELECT inst_id, resource_name, current_utilization, max_utilization, limit_value "
                             "FROM gv$resource_limit ORDER BY 1, 2;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-RESOURCE_LIMIT.html"],
    ),
    timeout_s=10,
)
