from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_rows = rows_judge([("over_allocation_count", "over_allocation_count"), ("max_pct_of_limit", "max_pct_of_limit")],
                   problem="over")


@uses("over_allocation_count", "max_pct_of_limit")
def judge(rows, th, ctx):
    if not rows:
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    verdict = _rows(rows, th, ctx)
    verdict.since = min(str(r.get("counters_since")) for r in rows)
    return verdict


SPEC = CheckSpec(
    code="CFG061",
    name="pga_over_allocated",
    title=T("Oracle PGA over-allocated or near PGA_AGGREGATE_LIMIT", "Oracle PGA 超额分配或接近 PGA_AGGREGATE_LIMIT"),
    category="config",
    tier="monthly",
    engines={"oracle": EngineSupport(min_version="19", container="root",
                                     privilege="SELECT ON GV_$PGASTAT, SELECT ON GV_$INSTANCE, SELECT ON GV_$PARAMETER")},
    columns=("inst_id", "over_allocation_count", "max_allocated_mb", "allocated_mb", "target_mb", "limit_mb",
             "max_pct_of_limit", "counters_since"),
    thresholds=(
        Threshold(name="over_allocation_count", unit="times since startup", warning=1, critical=None,
                  direction="above",
                  rationale="Oracle Database Performance Tuning Guide 19c ('Tuning the Program Global Area', "
                            "V$PGASTAT): over allocation count should be 0; non-zero means PGA_AGGREGATE_TARGET is "
                            "too small for the work areas (catalog ORA-CFG-02)"),
        Threshold(name="max_pct_of_limit", unit="% of pga_aggregate_limit", warning=80, critical=95,
                  direction="above",
                  rationale="at PGA_AGGREGATE_LIMIT Oracle terminates the calls using the most PGA (ORA-04036; "
                            "Database Reference 19c PGA_AGGREGATE_LIMIT); 80 / 95 % of it at the peak since startup "
                            "are ours"),
    ),
    judge=judge,
    basis="cumulative",
    object_key=("inst_id",),
    messages={
        "ok": T("No PGA over-allocation since startup and the peak stayed below {max_pct_of_limit_warning}% of "
                "PGA_AGGREGATE_LIMIT (instance {inst_id}: peak {max_allocated_mb} MB, target {target_mb} MB, "
                "limit {limit_mb} MB)",
                "自启动以来没有 PGA 超额分配，峰值低于 PGA_AGGREGATE_LIMIT 的 {max_pct_of_limit_warning}%（实例 {inst_id}："
                "峰值 {max_allocated_mb} MB，目标 {target_mb} MB，上限 {limit_mb} MB）"),
        "over": T("Instance {inst_id}: PGA over-allocated {over_allocation_count} time(s) since {counters_since}; peak "
                  "{max_allocated_mb} MB against a target of {target_mb} MB and a limit of {limit_mb} MB "
                  "({max_pct_of_limit}% of the limit)",
                  "实例 {inst_id}：自 {counters_since} 以来 PGA 超额分配 {over_allocation_count} 次；峰值 "
                  "{max_allocated_mb} MB，目标 {target_mb} MB，上限 {limit_mb} MB（达上限的 {max_pct_of_limit}%）"),
        "unreadable": T("Not inspected: GV$PGASTAT returned no row to this user", "未检查：GV$PGASTAT 未向此用户返回任何行"),
    },
    remediation=RemediationSpec(
        text=T("Size PGA_AGGREGATE_TARGET from V$PGA_TARGET_ADVICE (the smallest target with ESTD_OVERALLOC_COUNT "
               "0), within what the host's memory allows beside the SGA; keep PGA_AGGREGATE_LIMIT above the peak, "
               "and find the sessions that take the most PGA (V$PROCESS.PGA_MAX_MEM).",
               "依据 V$PGA_TARGET_ADVICE（ESTD_OVERALLOC_COUNT 为 0 的最小目标值）设置 PGA_AGGREGATE_TARGET，并确保与 SGA "
               "一起不超过主机内存；使 PGA_AGGREGATE_LIMIT 高于峰值，并找出占用 PGA 最多的会话（V$PROCESS.PGA_MAX_MEM）。"),
        commands={"oracle": [
            "SELECT pga_target_for_estimate/1048576 AS target_mb, estd_overalloc_count FROM v$pga_target_advice ORDER BY 1;",
            "ALTER SYSTEM SET pga_aggregate_target = <size> SCOPE=BOTH SID='*';"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-PGASTAT.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/tgdba/tuning-program-global-area.html"],
    ),
    timeout_s=10,
)
