from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_rows = rows_judge([("cpu_avg_pct", "cpu_avg_pct"), ("load_per_cpu", "load_per_cpu"),
                    ("instance_memory_pct", "instance_memory_pct")], problem="busy")


@uses("cpu_avg_pct", "load_per_cpu", "instance_memory_pct")
def judge(rows, th, ctx):
    if not rows:  # every instance has OS statistics: no row is a view this user may not read
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    return _rows(rows, th, ctx)


SPEC = CheckSpec(
    code="OSH020",
    name="oracle_host_cpu_memory_high",
    title=T("Oracle host CPU busy, run queue long, or instance memory near the host's RAM (from the database)",
            "Oracle 所在主机 CPU 繁忙、运行队列过长或实例内存接近主机内存（数据库视角）"),
    category="os",
    tier="monthly",
    engines={"oracle": EngineSupport(min_version="19", container="root",
                                     privilege="SELECT ON GV_$OSSTAT, SELECT ON GV_$SYSMETRIC_HISTORY, SELECT ON GV_$PARAMETER")},
    columns=("inst_id", "num_cpus", "memory_gb", "load", "load_per_cpu", "busy_pct_since_startup", "cpu_avg_pct",
             "cpu_max_pct", "cpu_samples", "instance_memory_gb", "instance_memory_pct"),
    thresholds=(
        Threshold(name="cpu_avg_pct", unit="% host CPU, last hour", warning=70, critical=90, direction="above",
                  rationale="catalog ORA-OS-01 ('Host CPU Utilization (%)', last 60 min) names no level; 70 / 90 % "
                            "average over the hour are ours — at 90 % every spike queues"),
        Threshold(name="load_per_cpu", unit="runnable tasks per CPU", warning=1.0, critical=2.0, direction="above",
                  rationale="as OSH004 (load per online CPU: at 1 every CPU is busy, at 2 as much waits as runs), "
                            "here from V$OSSTAT LOAD without ssh"),
        Threshold(name="instance_memory_pct", unit="% of host RAM", warning=80, critical=95, direction="above",
                  rationale="SGA_MAX_SIZE + PGA_AGGREGATE_TARGET (or MEMORY_MAX_TARGET) against V$OSSTAT "
                            "PHYSICAL_MEMORY_BYTES: past 80 % the OS, its page cache and other processes are "
                            "squeezed, past 95 % the host swaps or kills (ours; CFG004 is PostgreSQL's like check)"),
    ),
    judge=judge,
    object_key=("inst_id",),
    messages={
        "ok": T("Instance {inst_id}'s host: {num_cpus} CPUs, {memory_gb} GB; last hour's host CPU {cpu_avg_pct}% on "
                "average ({cpu_max_pct}% at most), load {load} ({load_per_cpu} per CPU), the instance may take "
                "{instance_memory_gb} GB ({instance_memory_pct}% of RAM)",
                "实例 {inst_id} 所在主机：{num_cpus} 个 CPU，{memory_gb} GB；最近一小时主机 CPU 平均 {cpu_avg_pct}%（最高 "
                "{cpu_max_pct}%），负载 {load}（每 CPU {load_per_cpu}），实例可占用 {instance_memory_gb} GB（内存的 "
                "{instance_memory_pct}%）"),
        "busy": T("Instance {inst_id}'s host ({num_cpus} CPUs, {memory_gb} GB): host CPU {cpu_avg_pct}% on average over "
                  "the last hour ({cpu_max_pct}% at most, {busy_pct_since_startup}% busy since startup), load "
                  "{load_per_cpu} per CPU, the instance may take {instance_memory_gb} GB ({instance_memory_pct}% of RAM)",
                  "实例 {inst_id} 所在主机（{num_cpus} 个 CPU，{memory_gb} GB）：最近一小时主机 CPU 平均 {cpu_avg_pct}%"
                  "（最高 {cpu_max_pct}%，自启动以来繁忙 {busy_pct_since_startup}%），每 CPU 负载 {load_per_cpu}，"
                  "实例可占用 {instance_memory_gb} GB（内存的 {instance_memory_pct}%）"),
        "unreadable": T("Not inspected: GV$OSSTAT returned no row to this user", "未检查：GV$OSSTAT 未向此用户返回任何行"),
    },
    remediation=RemediationSpec(
        text=T("CPU: find what uses it (the top SQL by CPU, V$SQLSTATS; other processes on the host) before adding "
               "CPUs. Memory: lower SGA_TARGET / PGA_AGGREGATE_TARGET so the instance's claim leaves the OS room "
               "(with HugePages for the SGA on Linux), or add RAM.",
               "CPU：先找出消耗来源（按 CPU 排序的 SQL，V$SQLSTATS；主机上的其他进程），再考虑增加 CPU。内存：调低 "
               "SGA_TARGET / PGA_AGGREGATE_TARGET，使实例占用给操作系统留出余量（Linux 上为 SGA 使用 HugePages），或增加内存。"),
        commands={"oracle": ["SELECT stat_name, value FROM v$osstat ORDER BY 1;",
                             "SELECT begin_time, value FROM v$sysmetric_history WHERE metric_name = 'Host CPU Utilization (%)' "
                             "AND group_id = 2 ORDER BY 1;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-OSSTAT.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SYSMETRIC_HISTORY.html"],
    ),
    timeout_s=10,
)
