from checks.judges import each_row, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec

_rate = each_row("temp_mb_per_day", "temp_mb_per_day")


@uses("temp_mb_per_day", "min_days")
def judge(rows, th, ctx) -> Verdict:
    floor = th["min_days"].value or 0
    rated = []
    for r in rows:
        days, mb = num(r.get("days_since")), (num(r.get("temp_bytes")) or 0) / 1048576
        per_day = None if days is None or max(days, floor) <= 0 else round(mb / max(days, floor), 1)
        rated.append({**r, "temp_mb": round(mb, 1), "temp_mb_per_day": per_day})
    verdict = _rate(rated, th, ctx)
    verdict.params["min_days"] = floor
    return verdict

SPEC = CheckSpec(
    code="ERR004",
    name="temp_spill",
    title=T("Queries spilling to temporary files", "查询溢出到临时文件"),
    category="errors",
    tier="daily",
    engines={
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash while the postmaster ran
        # (17+'s pg_stat_reset_shared() stamps the shared views as a crash does, and must not restart the counters)
        # Over the window: temp_files and temp_bytes as in-window increases of pg.database snapshots; days_since
        # is then the time the snapshots cover, so the judge's per-day rate is the window's.
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats",
                                    window=WindowSpec(source="pg.database", match=("scope",),
                                                      counters={"temp_files": "temp_files", "temp_bytes": "temp_bytes"})),
    },
    columns=("scope", "temp_files", "temp_bytes", "counters_since", "days_since", "work_mem"),
    object_key=("scope",),
    basis="cumulative",
    thresholds=(
        Threshold(name="temp_mb_per_day", unit="MB/day", warning=1024, critical=10240, direction="above",
                  rationale="pgwatch temp write rate 10/100 MB per interval, pg-healthcheck G03-015 (catalog PG-ERR-07); "
                            "as a daily average since the counters started: 1/10 GB per day"),
        Threshold(name="min_days", unit="days", kind="guard", value=1,
                  rationale="a per-day rate needs a day of counting: younger counters divide by 1 day (the volume "
                            "itself), so one 500 MB batch right after a crash is 500 MB/day, not 20 GB/day"),
    ),
    judge=judge,
    messages={
        "ok": T("temporary files: at most {value} MB per day in {scope} ({temp_files} files, {temp_mb} MB since "
                "{counters_since}, when these counters started — the last stats reset or crash)",
                "临时文件：{scope} 最多，平均每天 {value} MB（自 {counters_since}（计数起点：最近一次统计重置或实例崩溃）以来 "
                "{temp_files} 个文件、{temp_mb} MB）"),
        "problem": T("{scope} writes {value} MB of temporary files per day on average ({temp_files} files, {temp_mb} MB "
                     "since {counters_since}, when these counters started — the last stats reset or crash; over "
                     "{days_since} days, at least {min_days}; threshold {temp_mb_per_day_warning} MB/day, work_mem "
                     "{work_mem}): sorts and hashes spill to disk",
                     "{scope} 平均每天写入 {value} MB 临时文件（自 {counters_since}（计数起点：最近一次统计重置或实例崩溃）以来 "
                     "{temp_files} 个文件、{temp_mb} MB；按 {days_since} 天、至少 {min_days} 天计；阈值 "
                     "{temp_mb_per_day_warning} MB/天，work_mem {work_mem}）：排序和哈希溢出到磁盘"),
        "window.ok": T("temporary files in the window: at most {value} MB per day in {scope} ({temp_files} files, "
                       "{temp_mb} MB from {window_since} to {window_until}, from snapshots covering {coverage_pct}% of "
                       "the window)",
                       "窗口内临时文件：{scope} 最多，平均每天 {value} MB（快照 {window_since} 至 {window_until}，覆盖窗口 "
                       "{coverage_pct}%：{temp_files} 个文件、{temp_mb} MB）"),
        "window.problem": T("{scope} wrote {temp_mb} MB of temporary files in the window ({temp_files} files from "
                            "{window_since} to {window_until}, from snapshots covering {coverage_pct}% of the window): "
                            "{value} MB per day over {days_since} days, at least {min_days}; threshold "
                            "{temp_mb_per_day_warning} MB/day, work_mem {work_mem}: sorts and hashes spill to disk",
                            "窗口内 {scope} 写入 {temp_mb} MB 临时文件（快照 {window_since} 至 {window_until}，覆盖窗口 "
                            "{coverage_pct}%：{temp_files} 个文件）：按 {days_since} 天、至少 {min_days} 天计平均每天 "
                            "{value} MB（阈值 {temp_mb_per_day_warning} MB/天，work_mem {work_mem}）：排序和哈希溢出到磁盘"),
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
