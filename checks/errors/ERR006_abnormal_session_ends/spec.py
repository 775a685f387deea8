from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR006",
    name="abnormal_session_ends",
    title=T("Sessions ending abnormally (fatal, killed, abandoned)", "会话异常结束（致命错误、被终止、被客户端遗弃）"),
    category="errors",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="14", privilege="login"),
    },
    columns=("scope", "sessions", "sessions_fatal", "sessions_killed", "sessions_abandoned", "abnormal", "since",
             "abnormal_per_day"),
    thresholds=(
        Threshold(name="abnormal_per_day", unit="sessions/day", warning=10, critical=100, direction="above",
                  rationale="catalog PG-ERR-04 (pg_stat_database session counters) names no anchor level; 10/100 per "
                            "day averaged since stats reset separates stray kills from a pattern"),
    ),
    judge=each_row("abnormal_per_day", "abnormal_per_day"),
    messages={
        "ok": T("abnormal session ends: at most {value} per day in {scope} ({abnormal} of {sessions} sessions since "
                "{since}, stats reset / server start)",
                "会话异常结束：{scope} 最多，平均每天 {value} 个（自 {since}（统计重置或实例启动）以来 {sessions} 个会话中 {abnormal} 个）"),
        "problem": T("{abnormal} sessions in {scope} ended abnormally since {since} (stats reset / server start): "
                     "{value} per day (threshold {abnormal_per_day_warning}); fatal {sessions_fatal}, killed "
                     "{sessions_killed}, abandoned {sessions_abandoned} of {sessions} sessions",
                     "{scope} 自 {since}（统计重置或实例启动）以来有 {abnormal} 个会话异常结束：平均每天 {value} 个"
                     "（阈值 {abnormal_per_day_warning}）；{sessions} 个会话中致命错误 {sessions_fatal}、被终止 "
                     "{sessions_killed}、被遗弃 {sessions_abandoned}"),
    },
    remediation=RemediationSpec(
        text=T("fatal: read FATAL lines in the server log (out of memory, idle_in_transaction_session_timeout, "
               "disk errors); killed: find who calls pg_terminate_backend (operators, pg_cancel jobs, poolers); "
               "abandoned: clients or firewalls dropping connections — check network timeouts and application crashes.",
               "致命错误：查看数据库日志中的 FATAL（内存不足、idle_in_transaction_session_timeout、磁盘错误）；"
               "被终止：查明谁调用了 pg_terminate_backend（运维、定时任务、连接池）；被遗弃：客户端或防火墙断开连接，"
               "检查网络超时和应用崩溃。"),
        commands={
            "postgresql": [
                "SELECT datname, sessions, sessions_fatal, sessions_killed, sessions_abandoned, stats_reset FROM pg_stat_database;",
                "grep ' FATAL: ' /var/log/postgresql/postgresql-*-main.log | tail -50",
            ],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW"],
    ),
    timeout_s=5,
)
