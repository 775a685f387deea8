from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN004",
    name="long_running_queries",
    title=T("Long-running queries", "长时间运行的 SQL"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats"),
        # mysql@8.0.22.sql reads performance_schema.processlist: empty when performance_schema is OFF
        "mysql": EngineSupport(min_version="5.7", privilege="PROCESS, SELECT ON performance_schema.*",
                               requires=("performance_schema",)),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=("pid", "user_name", "database_name", "client", "account", "wait_event", "runtime_s", "query"),
    # user@client: a pid does not outlive its session, the client that runs long statements does
    object_key=("account",),
    thresholds=(
        Threshold(name="runtime_s", unit="s", warning=60, critical=300, direction="above",
                  rationale="pg-healthcheck long queries 60/300 s; PgHero 60 s (PG-RUN-05)"),
    ),
    judge=rows_judge([("runtime_s", "runtime_s")]),
    messages={
        "ok": T("No statement running longer than {runtime_s_warning} s ({total} executing now)",
                "没有运行超过 {runtime_s_warning} 秒的语句（当前正在执行 {total} 条）"),
        "problem": T("{count} statement(s) running long; worst pid {pid} ({user_name}@{client}) for {runtime_s} s "
                     "(threshold {runtime_s_warning} s): {query}",
                     "{count} 条语句长时间运行；最严重的 pid {pid}（{user_name}@{client}）已运行 {runtime_s} 秒"
                     "（阈值 {runtime_s_warning} 秒）：{query}"),
    },
    remediation=RemediationSpec(
        text=T("Look at the plan of the long statement (missing index, bad join order, lock wait). Cancel it if it "
               "harms the service, and give the application's own account a statement time limit — never a "
               "server-wide one, which would also cut backups, DDL and batch jobs.",
               "分析长时间运行语句的执行计划（缺失索引、连接顺序不佳、等待锁）。若影响业务可取消该语句，"
               "并只为应用自己的账号设置语句超时——不要设置全局超时，否则备份、DDL 和批处理也会被中止。"),
        commands={
            "postgresql": ["SELECT pid, now() - query_start AS runtime, wait_event_type, wait_event, query FROM pg_stat_activity "
                           "WHERE state = 'active' ORDER BY query_start;",
                           "SELECT pg_cancel_backend(<pid>);  -- pg_terminate_backend(<pid>) if cancel is ignored",
                           "ALTER ROLE <app_role> SET statement_timeout = '5min';  -- new sessions of that role"],
            "mysql": ["SELECT id, user, host, time, state, info FROM performance_schema.processlist "
                      "WHERE command IN ('Query', 'Execute') AND user <> 'system user' ORDER BY time DESC;",
                      "KILL QUERY <pid>;",
                      "SELECT /*+ MAX_EXECUTION_TIME(300000) */ …;  -- per statement (SELECT only, ms), or "
                      "SET SESSION max_execution_time = 300000 in the application's connection init"],
            "mariadb": ["SELECT id, user, host, time, state, info FROM information_schema.PROCESSLIST "
                        "WHERE command IN ('Query', 'Execute') AND user <> 'system user' ORDER BY time DESC;",
                        "KILL QUERY <pid>;",
                        "ALTER USER '<app_user>'@'<host>' WITH MAX_STATEMENT_TIME 300;  -- that account only, seconds"],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ACTIVITY-VIEW",
                    "https://mariadb.com/kb/en/aborting-statements/",
                    "https://mariadb.com/kb/en/alter-user/#resource-limit-options",
                    "https://dev.mysql.com/doc/refman/8.0/en/optimizer-hints.html#optimizer-hints-execution-time"],
    ),
    timeout_s=5,
)
