from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR004",
    name="temp_spill",
    title=T("Queries spilling to temporary files", "查询溢出到临时文件"),
    category="errors",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
    },
    columns=("scope", "temp_files", "temp_bytes", "since", "days_since", "temp_mb_per_day", "work_mem"),
    thresholds=(
        Threshold(name="temp_mb_per_day", unit="MB/day", warning=1024, critical=10240, direction="above",
                  rationale="pgwatch temp write rate 10/100 MB per interval, pg-healthcheck G03-015 (catalog PG-ERR-07); "
                            "as a daily average since stats reset: 1/10 GB per day"),
    ),
    judge=each_row("temp_mb_per_day", "temp_mb_per_day"),
    messages={
        "ok": T("temporary files: at most {value} MB per day in {scope} ({temp_files} files since {since}, stats "
                "reset / server start)",
                "临时文件：{scope} 最多，平均每天 {value} MB（自 {since}（统计重置或实例启动）以来 {temp_files} 个文件）"),
        "problem": T("{scope} writes {value} MB of temporary files per day on average ({temp_files} files, {temp_bytes} "
                     "bytes since {since}, stats reset / server start; threshold {temp_mb_per_day_warning} MB/day, "
                     "work_mem {work_mem}): sorts and hashes spill to disk",
                     "{scope} 平均每天写入 {value} MB 临时文件（自 {since}（统计重置或实例启动）以来 {temp_files} 个文件、"
                     "{temp_bytes} 字节；阈值 {temp_mb_per_day_warning} MB/天，work_mem {work_mem}）：排序和哈希溢出到磁盘"),
    },
    remediation=RemediationSpec(
        text=T("Set log_temp_files (e.g. 10MB) to log the statements that spill, then fix those queries (indexes, "
               "smaller result sets) or raise work_mem for the role or session that runs them rather than globally "
               "(work_mem is per sort/hash node per connection).",
               "设置 log_temp_files（如 10MB）记录产生临时文件的语句，然后优化这些查询（索引、缩小结果集），"
               "或只为相应角色/会话调大 work_mem，而不是全局调大（work_mem 按每个连接的每个排序/哈希节点分配）。"),
        commands={
            "postgresql": [
                "SELECT datname, temp_files, pg_size_pretty(temp_bytes), stats_reset FROM pg_stat_database ORDER BY temp_bytes DESC;",
                "ALTER SYSTEM SET log_temp_files = '10MB'; SELECT pg_reload_conf();",
                "ALTER ROLE report_user SET work_mem = '256MB';",
            ],
        },
        references=["https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-WORK-MEM",
                    "https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-TEMP-FILES"],
    ),
    timeout_s=5,
)
