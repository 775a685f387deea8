from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, SourcePath, T, Threshold

_DICT = "SELECT ON V_$DATABASE, SELECT ON V_$PARAMETER"

SPEC = CheckSpec(
    code="PRF060",
    name="load_profile",
    title=T("Oracle load profile: DB time per CPU, redo and reads (AWR, Statspack or since startup)",
            "Oracle 负载概况：每 CPU 的 DB time、redo 与读（AWR、Statspack 或自启动以来）"),
    category="performance",
    tier="semiannual",
    # root: instance-wide time model / sysstat and AWR (a PDB's DBA_HIST_* hold only PDB-level snapshots,
    # off unless AWR_PDB_AUTOFLUSH_ENABLED): inventory the CDB root's service for the performance checks
    engines={"oracle": EngineSupport(container="root", 
        min_version="19",
        privilege="SELECT ON V_$INSTANCE, SELECT ON V_$SYS_TIME_MODEL, SELECT ON V_$SYSSTAT, SELECT ON V_$PARAMETER",
        paths=(
            SourcePath(name="awr", privilege="SELECT ON DBA_HIST_SNAPSHOT, SELECT ON DBA_HIST_SYS_TIME_MODEL, "
                                             "SELECT ON DBA_HIST_SYSSTAT, SELECT ON DBA_HIST_PARAMETER, " + _DICT),
            SourcePath(name="statspack", privilege="SELECT ON PERFSTAT.STATS$SNAPSHOT, SELECT ON PERFSTAT.STATS$SYS_TIME_MODEL, "
                                                   "SELECT ON PERFSTAT.STATS$TIME_MODEL_STATNAME, "
                                                   "SELECT ON PERFSTAT.STATS$SYSSTAT, " + _DICT),
        ))},
    columns=(*BASIS_COLUMNS, "counters_since", "instance_number", "elapsed_s", "db_time_s", "db_cpu_s", "cpu_count",
             "aas", "load_per_cpu", "redo_mb_s", "logical_reads_s", "physical_reads_s"),
    thresholds=(
        Threshold(name="load_per_cpu", unit="active sessions per CPU", warning=1.0, critical=2.0, direction="above",
                  rationale="average active sessions (DB time / elapsed) over CPU_COUNT: at 1 the sessions' demand equals "
                            "the CPUs, above it they queue — the 'Maximum CPU' line of the Average Active Sessions chart "
                            "(Oracle Database 2 Day + Performance Tuning Guide 19c, 'Monitoring User Activity'); 2x = "
                            "critical is ours (catalog ORA-PERF-01 names no threshold)"),
    ),
    judge=perf_judge([("load_per_cpu", "load_per_cpu")], key="instance_number", problem="loaded"),
    messages={
        **messages_common(),
        "ok": T("Load within the CPUs on {total} instance(s): at most {load_per_cpu} active sessions per CPU "
                "(instance {instance_number}: DB time {db_time_s} s, DB CPU {db_cpu_s} s over {elapsed_s} s, "
                "redo {redo_mb_s} MB/s, {logical_reads_s} logical / {physical_reads_s} physical reads/s; source: {basis_en})",
                "{total} 个实例的负载未超出 CPU：每 CPU 至多 {load_per_cpu} 个活动会话（实例 {instance_number}：{elapsed_s} 秒内 "
                "DB time {db_time_s} 秒、DB CPU {db_cpu_s} 秒，redo {redo_mb_s} MB/秒，逻辑读 {logical_reads_s}/秒、物理读 "
                "{physical_reads_s}/秒；来源：{basis_zh}）"),
        "loaded": T("Instance {instance_number} averaged {aas} active sessions on {cpu_count} CPUs ({load_per_cpu} per CPU, "
                    "threshold {load_per_cpu_warning}): DB time {db_time_s} s, of it DB CPU {db_cpu_s} s, over {elapsed_s} s; "
                    "redo {redo_mb_s} MB/s, {logical_reads_s} logical / {physical_reads_s} physical reads/s (source: {basis_en})",
                    "实例 {instance_number} 在 {cpu_count} 个 CPU 上平均 {aas} 个活动会话（每 CPU {load_per_cpu}，阈值 "
                    "{load_per_cpu_warning}）：{elapsed_s} 秒内 DB time {db_time_s} 秒，其中 DB CPU {db_cpu_s} 秒；redo "
                    "{redo_mb_s} MB/秒，逻辑读 {logical_reads_s}/秒、物理读 {physical_reads_s}/秒（来源：{basis_zh}）"),
    },
    remediation=RemediationSpec(
        text=T("Find where the DB time goes: PRF061 (top waits) and PRF062 (top SQL) of the same report; if DB CPU is "
               "most of it, the top SQL by CPU and logical reads are the first to tune; if waits, the top wait class. "
               "An average since startup (V$ source) hides peaks: take Statspack snapshots (spcreate.sql, "
               "statspack.snap hourly) or, with a Diagnostics Pack licence, read AWR.",
               "查明 DB time 的去向：参阅同一报告的 PRF061（主要等待）与 PRF062（主要 SQL）；若以 DB CPU 为主，先优化 CPU 与逻辑读"
               "最高的 SQL；若以等待为主，看主要等待类别。自启动以来的平均值（V$ 来源）会掩盖峰值：安装 Statspack（spcreate.sql，"
               "每小时 statspack.snap），或在有 Diagnostics Pack 许可时读取 AWR。"),
        commands={"oracle": ["SELECT stat_name, ROUND(value / 1e6) AS seconds FROM v$sys_time_model "
                             "WHERE stat_name IN ('DB time', 'DB CPU', 'background elapsed time');",
                             "-- with the Diagnostics Pack: @?/rdbms/admin/awrrpt.sql (Load Profile section); "
                             "without it: @?/rdbms/admin/spreport.sql (Statspack)"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SYS_TIME_MODEL.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_SYS_TIME_MODEL.html"],
    ),
    timeout_s=60,
    basis="cumulative",
    object_key=("instance_number",),
)
