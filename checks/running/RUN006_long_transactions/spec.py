from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN006",
    name="long_transactions",
    title=T("Long-open transactions", "长事务"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats"),
        # mysql@8.0.22.sql reads performance_schema.processlist: empty when performance_schema is OFF
        "mysql": EngineSupport(min_version="5.7", privilege="PROCESS, SELECT ON performance_schema.*",
                               requires=("performance_schema",)),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=("pid", "user_name", "database_name", "client", "account", "state", "xact_age_s", "query"),
    # user@client: a pid does not outlive its session, the client (batch job, report) that keeps
    # transactions open does. One idle transaction is also RUN003 (and the horizon it holds RUN012/RUN017):
    # the score does not group them by root cause yet.
    object_key=("account",),
    thresholds=(
        Threshold(name="xact_age_s", unit="s", warning=1800, critical=3600, direction="above",
                  rationale="BlueKing alarms on transactions open >3600 s (MY-RUN-09); warn at half that so it is seen "
                            "before purge/vacuum falls far behind"),
    ),
    judge=rows_judge([("xact_age_s", "xact_age_s")]),
    messages={
        "ok": T("No transaction open longer than {xact_age_s_warning} s ({total} open now)",
                "没有持续超过 {xact_age_s_warning} 秒的事务（当前打开的事务 {total} 个）"),
        "problem": T("{count} transaction(s) open too long; oldest pid {pid} ({user_name}@{client}, {state}) open for "
                     "{xact_age_s} s (threshold {xact_age_s_warning} s)",
                     "{count} 个事务持续时间过长；最老的 pid {pid}（{user_name}@{client}，{state}）已持续 {xact_age_s} 秒"
                     "（阈值 {xact_age_s_warning} 秒）"),
    },
    remediation=RemediationSpec(
        text=T("Ask the owner what the transaction is doing: batch jobs should commit in chunks, reports should not "
               "run inside a write transaction. A long transaction blocks vacuum (PostgreSQL) or purge (InnoDB) and "
               "holds its locks; terminate it if it cannot finish soon.",
               "与负责人确认该事务在做什么：批处理应分批提交，报表查询不应放在写事务中。长事务会阻碍 vacuum（PostgreSQL）"
               "或 purge（InnoDB）并一直持有锁；若短期内无法结束可将其终止。"),
        commands={
            "postgresql": ["SELECT pid, usename, now() - xact_start AS xact_age, state, query FROM pg_stat_activity "
                           "WHERE xact_start IS NOT NULL ORDER BY xact_start LIMIT 10;",
                           "SELECT pg_terminate_backend(<pid>);"],
            "mysql": ["SELECT trx_mysql_thread_id, trx_started, trx_state, trx_rows_modified, trx_query "
                      "FROM information_schema.INNODB_TRX ORDER BY trx_started LIMIT 10;",
                      "KILL <pid>;"],
        },
        references=["https://www.postgresql.org/docs/current/routine-vacuuming.html",
                    "https://mariadb.com/kb/en/information-schema-innodb_trx-table/"],
    ),
    timeout_s=5,
)
