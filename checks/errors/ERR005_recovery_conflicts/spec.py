from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR005",
    name="recovery_conflicts",
    title=T("Standby queries cancelled by recovery conflicts", "备库查询因恢复冲突被取消"),
    category="errors",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login", roles=("standby",)),
    },
    columns=("scope", "conflicts", "confl_snapshot", "confl_lock", "confl_bufferpin", "confl_deadlock",
             "confl_tablespace", "since", "conflicts_per_day"),
    thresholds=(
        Threshold(name="conflicts_per_day", unit="cancels/day", warning=1, critical=50, direction="above",
                  rationale="pg-healthcheck G15-003 warns on recovery conflicts (catalog PG-ERR-06); as a daily average "
                            "since stats reset: 1/day warn, 50/day = reporting on the standby is routinely broken"),
    ),
    judge=each_row("conflicts_per_day", "conflicts_per_day"),
    messages={
        "ok": T("recovery conflicts: at most {value} per day in {scope} ({conflicts} since {since}, stats reset / server start)",
                "恢复冲突：{scope} 最多，平均每天 {value} 次（自 {since}（统计重置或实例启动）以来 {conflicts} 次）"),
        "problem": T("{conflicts} standby queries in {scope} cancelled by recovery conflicts since {since} (stats reset / "
                     "server start): {value} per day (threshold {conflicts_per_day_warning}); snapshot {confl_snapshot}, "
                     "lock {confl_lock}, buffer pin {confl_bufferpin}, deadlock {confl_deadlock}",
                     "{scope} 自 {since}（统计重置或实例启动）以来有 {conflicts} 个备库查询因恢复冲突被取消：平均每天 {value} 次"
                     "（阈值 {conflicts_per_day_warning}）；快照 {confl_snapshot}，锁 {confl_lock}，缓冲区 pin {confl_bufferpin}，"
                     "死锁 {confl_deadlock}"),
    },
    remediation=RemediationSpec(
        text=T("Snapshot conflicts: enable hot_standby_feedback (costs bloat on the primary) or raise "
               "max_standby_streaming_delay for reporting standbys; lock conflicts usually come from VACUUM truncation "
               "or DDL on the primary (vacuum_truncate = off on hot tables).",
               "快照冲突：开启 hot_standby_feedback（会增加主库膨胀），或为报表备库调大 max_standby_streaming_delay；"
               "锁冲突通常来自主库 VACUUM 截断或 DDL（可对热点表设置 vacuum_truncate = off）。"),
        commands={
            "postgresql": [
                "SELECT * FROM pg_stat_database_conflicts WHERE datname = current_database();",
                "ALTER SYSTEM SET hot_standby_feedback = on; SELECT pg_reload_conf();  -- on the standby",
                "ALTER SYSTEM SET max_standby_streaming_delay = '5min'; SELECT pg_reload_conf();",
            ],
        },
        references=["https://www.postgresql.org/docs/current/hot-standby.html#HOT-STANDBY-CONFLICT",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-CONFLICTS-VIEW"],
    ),
    timeout_s=5,
)
