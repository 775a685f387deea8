from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN004",
    name="long_running_queries",
    title=T("Long-running queries", "长时间运行的 SQL"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_monitor"),
        "mysql": EngineSupport(min_version="5.7", privilege="PROCESS"),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=("pid", "user_name", "database_name", "client", "wait_event", "runtime_s", "query"),
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
               "harms the service, and set a statement timeout for the application role.",
               "分析长时间运行语句的执行计划（缺失索引、连接顺序不佳、等待锁）。若影响业务可取消该语句，"
               "并为应用账号设置语句超时。"),
        commands={
            "postgresql": ["SELECT pid, now() - query_start AS runtime, wait_event_type, wait_event, query FROM pg_stat_activity "
                           "WHERE state = 'active' ORDER BY query_start;",
                           "SELECT pg_cancel_backend(<pid>);  -- pg_terminate_backend(<pid>) if cancel is ignored",
                           "ALTER ROLE <app_role> SET statement_timeout = '5min';"],
            "mysql": ["SELECT id, user, host, time, state, info FROM information_schema.PROCESSLIST "
                      "WHERE command IN ('Query', 'Execute') ORDER BY time DESC;",
                      "KILL QUERY <pid>;",
                      "SET GLOBAL max_statement_time = 300;  -- MariaDB; MySQL: max_execution_time (ms, SELECT only)"],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ACTIVITY-VIEW",
                    "https://mariadb.com/kb/en/aborting-statements/"],
    ),
    timeout_s=5,
)
