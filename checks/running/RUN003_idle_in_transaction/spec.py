from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN003",
    name="idle_in_transaction",
    title=T("Sessions idle in an open transaction", "空闲事务会话（idle in transaction）"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats"),
        # mysql@8.0.22.sql reads performance_schema.processlist: empty when performance_schema is OFF
        "mysql": EngineSupport(min_version="5.7", privilege="PROCESS, SELECT ON performance_schema.*",
                               requires=("performance_schema",)),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=("pid", "user_name", "database_name", "client", "account", "state", "idle_s", "xact_age_s"),
    # user@client: a pid does not outlive its session, the client that leaves transactions open does
    object_key=("account",),
    thresholds=(
        Threshold(name="idle_s", unit="s", warning=60, critical=600, direction="above",
                  rationale="pg-healthcheck flags idle in transaction >30 s (PG-RUN-04), BlueKing alarms idle trx >3600 s "
                            "(MY-RUN-09); 60 s / 10 min sits between them and tolerates application think time"),
        Threshold(name="idle_sessions", unit="sessions", warning=100, critical=None, direction="above",
                  rationale="PgHero: 100 or more sessions idle in transaction (PG-RUN-04); pgwatch's 1/5 is too noisy for "
                            "one snapshot of a busy pool, where young idle transactions come and go"),
    ),
    judge=rows_judge([("idle_s", "idle_s")], count_threshold="idle_sessions", count_problem="many"),
    messages={
        "ok": T("No session idle in a transaction beyond {idle_s_warning} s ({total} idle in transaction now)",
                "没有空闲超过 {idle_s_warning} 秒的事务会话（当前空闲事务会话 {total} 个）"),
        "problem": T("{count} session(s) idle in transaction; worst pid {pid} ({user_name}@{client}) idle {idle_s} s, "
                     "transaction open {xact_age_s} s (threshold {idle_s_warning} s)",
                     "{count} 个会话处于空闲事务状态；最严重的 pid {pid}（{user_name}@{client}）已空闲 {idle_s} 秒，"
                     "事务已持续 {xact_age_s} 秒（阈值 {idle_s_warning} 秒）"),
        "many": T("{total} sessions idle in a transaction at once (threshold {idle_sessions_warning}); e.g. pid {pid} "
                  "({account}) idle {idle_s} s",
                  "同时有 {total} 个会话处于空闲事务状态（阈值 {idle_sessions_warning}）；例如 pid {pid}（{account}）"
                  "已空闲 {idle_s} 秒"),
    },
    remediation=RemediationSpec(
        text=T("Find the application that opens a transaction and does not commit (missing commit/rollback, "
               "autocommit off, a pool returning dirty connections). Terminate the session if it blocks others, "
               "and set an idle transaction timeout for the application's role or connections as a safety net.",
               "找出开启事务后不提交的应用（漏写 commit/rollback、关闭了自动提交、连接池归还未结束事务的连接）。"
               "若已阻塞其他会话可先终止该会话，并为应用账号或其连接设置空闲事务超时作为兜底。"),
        commands={
            "postgresql": ["SELECT pid, usename, client_addr, now() - state_change AS idle, query FROM pg_stat_activity "
                           "WHERE state LIKE 'idle in transaction%' ORDER BY state_change;",
                           "SELECT pg_terminate_backend(<pid>);",
                           "ALTER ROLE <app_role> SET idle_in_transaction_session_timeout = '10min';  -- per role, new sessions"],
            "mysql": ["SELECT t.trx_mysql_thread_id, t.trx_started, p.user, p.host, p.time FROM information_schema.INNODB_TRX t "
                      "JOIN performance_schema.processlist p ON p.id = t.trx_mysql_thread_id WHERE p.command = 'Sleep';",
                      "KILL <pid>;",
                      "SET SESSION wait_timeout = 600;  -- MySQL has no idle-transaction timeout: in the pool's init SQL, "
                      "an idle connection (and its transaction) ends after 10 min"],
            "mariadb": ["SELECT t.trx_mysql_thread_id, t.trx_started, p.user, p.host, p.time FROM information_schema.INNODB_TRX t "
                        "JOIN information_schema.PROCESSLIST p ON p.id = t.trx_mysql_thread_id WHERE p.command = 'Sleep';",
                        "KILL <pid>;",
                        "SET SESSION idle_transaction_timeout = 600;  -- MariaDB 10.3+: in the application's connection "
                        "init SQL, not server-wide (it would also end admin and backup sessions)"],
        },
        references=["https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-IDLE-IN-TRANSACTION-SESSION-TIMEOUT",
                    "https://mariadb.com/kb/en/server-system-variables/#idle_transaction_timeout"],
    ),
    timeout_s=5,
)
