from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_rows = rows_judge([("wait_s", "wait_s")], count_threshold="blocked_sessions", count_problem="many")


@uses("wait_s", "blocked_sessions")
def judge(rows, th, ctx) -> Verdict:
    """Each wait by its length, and the number of blocked sessions; where the server does not record when a
    wait began (PostgreSQL before 14: wait_s NULL) only the number is judged, and the message says so."""
    verdict = _rows(rows, th, ctx)
    verdict.params.update(_blockers(verdict.params.get("blocking_pids")))
    if verdict.outcome is Outcome.OK and any(r.get("wait_s") is None for r in rows):
        return verdict.model_copy(update={"message": "ok_unmeasured"})
    return verdict


def _blockers(blocking_pids) -> dict:
    """'123,456' → 'pid 123, pid 456'; PostgreSQL's 'prepared transaction' (pid 0 in pg_blocking_pids())
    has no backend and is named; MySQL's 'unknown (not exposed)' stays as it is."""
    en, zh = [], []
    for tok in str(blocking_pids or "").split(","):
        tok = tok.strip()
        if not tok:
            continue
        if tok.isdigit():
            en.append(f"pid {tok}")
            zh.append(f"pid {tok}")
        elif tok == "prepared transaction":
            en.append("a prepared transaction (no pid: COMMIT/ROLLBACK PREPARED)")
            zh.append("两阶段事务（无 pid：需 COMMIT/ROLLBACK PREPARED）")
        else:
            en.append(tok)
            zh.append(tok)
    return {"blockers": ", ".join(en) or "?", "blockers_zh": "、".join(zh) or "?"}


SPEC = CheckSpec(
    code="RUN005",
    name="blocking_locks",
    title=T("Sessions blocked by locks held by others", "锁等待与阻塞链"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats"),
        # MySQL 8 reads performance_schema (data_lock_waits, metadata_locks, threads): empty when it is OFF
        "mysql": EngineSupport(min_version="8.0", privilege="PROCESS, SELECT ON performance_schema.*",
                               requires=("performance_schema",)),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=("blocked_pid", "user_name", "database_name", "blocking_pids", "wait_event", "wait_s", "query"),
    thresholds=(
        Threshold(name="wait_s", unit="s", warning=30, critical=120, direction="above",
                  rationale="check_postgres lockwait 1/2 min (PG-RUN-06); warning at 30 s because InnoDB's default "
                            "innodb_lock_wait_timeout (50 s) ends row-lock waits before a minute"),
        Threshold(name="blocked_sessions", unit="sessions", warning=5, critical=20, direction="above",
                  rationale="pgwatch blocked sessions 1/5 (PG-RUN-06); a point-in-time snapshot sees short waits, "
                            "so the count fires from pgwatch's red 5 and long waits are caught by wait_s"),
    ),
    judge=judge,
    messages={
        "ok": T("No lock wait longer than {wait_s_warning} s ({total} session(s) waiting on a lock now)",
                "没有超过 {wait_s_warning} 秒的锁等待（当前等待锁的会话 {total} 个）"),
        "problem": T("{count} session(s) blocked beyond {wait_s_warning} s; pid {blocked_pid} ({user_name}) has waited "
                     "{wait_s} s on {wait_event}, blocked by {blockers}: {query}",
                     "{count} 个会话锁等待超过 {wait_s_warning} 秒；pid {blocked_pid}（{user_name}）已等待 {wait_s} 秒"
                     "（{wait_event}），阻塞者 {blockers_zh}：{query}"),
        "ok_unmeasured": T("{total} session(s) waiting on a lock now (threshold {blocked_sessions_warning}); this server "
                           "version does not record when a lock wait began, so only their number is judged",
                           "当前有 {total} 个会话在等待锁（阈值 {blocked_sessions_warning}）；此版本不记录锁等待的开始时间，"
                           "只判定等待会话的数量"),
        "many": T("{total} sessions blocked by locks at once (threshold {blocked_sessions_warning}); e.g. pid {blocked_pid} "
                  "blocked by {blockers}",
                  "同时有 {total} 个会话被锁阻塞（阈值 {blocked_sessions_warning}）；例如 pid {blocked_pid} 被 "
                  "{blockers_zh} 阻塞"),
    },
    remediation=RemediationSpec(
        text=T("Find the head of the chain (the blocker that is not itself waiting), usually an open or idle "
               "transaction or a long DDL; end it with the application owner's agreement. Keep transactions short "
               "and set lock timeouts for DDL.",
               "找到阻塞链的源头（自身不在等待的阻塞者），通常是未提交/空闲的事务或长时间 DDL；与应用负责人确认后结束它。"
               "保持事务简短，并为 DDL 设置锁超时。"),
        commands={
            "postgresql": ["SELECT a.pid, b.pids AS blocked_by, a.wait_event, a.query FROM pg_stat_activity a, "
                           "pg_blocking_pids(a.pid) AS b(pids) WHERE a.wait_event_type = 'Lock' AND cardinality(b.pids) > 0;",
                           "SELECT pg_terminate_backend(<blocking_pid>);",
                           "SET lock_timeout = '5s';  -- before DDL"],
            "mysql": ["SELECT * FROM sys.innodb_lock_waits\\G",
                      "SELECT * FROM sys.schema_table_lock_waits\\G  -- metadata locks",
                      "KILL <blocking_pid>;",
                      "SET SESSION lock_wait_timeout = 5;  -- before DDL"],
            "mariadb": ["SELECT * FROM information_schema.INNODB_LOCK_WAITS;",
                        "SHOW ENGINE INNODB STATUS\\G",
                        "KILL <blocking_pid>;",
                        "SET SESSION lock_wait_timeout = 5;  -- before DDL"],
        },
        references=["https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-SESSION",
                    "https://mariadb.com/kb/en/information-schema-innodb_lock_waits-table/",
                    "https://dev.mysql.com/doc/refman/8.0/en/performance-schema-data-lock-waits-table.html"],
    ),
    timeout_s=5,
)
