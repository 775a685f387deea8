from checks.judges import summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN007",
    name="running_sessions_high",
    title=T("Too many sessions executing at once", "并发执行会话数过高（Threads_running）"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats"),
        # mysql@8.0.22.sql reads performance_schema.processlist: empty when performance_schema is OFF
        "mysql": EngineSupport(min_version="5.7", privilege="PROCESS, SELECT ON performance_schema.*",
                               requires=("performance_schema",)),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=("running", "waiting_on_locks", "connected"),
    thresholds=(
        Threshold(name="running", unit="sessions", warning=50, critical=96, direction="above",
                  rationale="BlueKing Threads_running 50 warn (MY-RUN-04); critical 96 = DAS's min(4·cores+8, 96), reached "
                            "at 22 cores or more. Absolute defaults: the inventory has no CPU count yet, so DAS's "
                            "per-core rule (warning min(2·cores+8, 64), critical min(4·cores+8, 96)) cannot be applied "
                            "here — set them per instance from its core count"),
    ),
    judge=summary_judge([("running", "running")]),
    messages={
        "ok": T("{running} of {connected} client sessions executing at inspection time (threshold {running_warning})",
                "巡检时刻 {connected} 个客户端会话中有 {running} 个正在执行（阈值 {running_warning}）"),
        "problem": T("{running} sessions executing at once at inspection time ({waiting_on_locks} waiting on locks, "
                     "{connected} connected; threshold {running_warning})",
                     "巡检时刻有 {running} 个会话同时执行（其中 {waiting_on_locks} 个在等锁，共 {connected} 个连接；"
                     "阈值 {running_warning}）"),
    },
    remediation=RemediationSpec(
        text=T("A pile-up of running sessions usually means slow statements or a lock/latch convoy; look at what "
               "they wait on and at the slowest statements. Limit concurrency in the pool rather than adding connections.",
               "大量会话同时执行通常意味着慢 SQL 或锁/闩锁排队；查看它们在等待什么以及最慢的语句。"
               "应在连接池侧限制并发，而不是增加连接数。"),
        commands={
            "postgresql": ["SELECT wait_event_type, wait_event, count(*) FROM pg_stat_activity WHERE state = 'active' "
                           "GROUP BY 1, 2 ORDER BY 3 DESC;"],
            "mysql": ["SHOW GLOBAL STATUS LIKE 'Threads_running';",
                      "SELECT state, count(*) FROM information_schema.PROCESSLIST WHERE command <> 'Sleep' "
                      "GROUP BY state ORDER BY 2 DESC;"],
        },
        references=["https://mariadb.com/kb/en/server-status-variables/#threads_running",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#WAIT-EVENT-TABLE"],
    ),
    timeout_s=5,
)
