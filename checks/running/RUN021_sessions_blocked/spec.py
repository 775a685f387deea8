from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN021",
    name="sessions_blocked",
    title=T("Oracle sessions blocked by another session", "Oracle 会话被其他会话阻塞"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$SESSION")},
    columns=("sid", "serial_no", "username", "event", "wait_s", "blocker_instance", "blocker_sid", "final_blocker_sid",
             "sql_id", "machine", "program"),
    thresholds=(
        Threshold(name="wait_s", unit="s", warning=30, critical=120, direction="above",
                  rationale="same as RUN005: check_postgres lockwait 1/2 min (PG-RUN-06), warning at 30 s; "
                            "catalog ORA-RUN-05 names no threshold"),
        Threshold(name="blocked_sessions", unit="sessions", warning=5, critical=20, direction="above",
                  rationale="same as RUN005: pgwatch blocked sessions (PG-RUN-06); many short waits at once are a fault too"),
    ),
    judge=rows_judge([("wait_s", "wait_s")], problem="blocked", count_threshold="blocked_sessions", count_problem="many"),
    messages={
        "ok": T("No session blocked longer than {wait_s_warning} s ({total} waiting on another session now)",
                "没有会话被阻塞超过 {wait_s_warning} 秒（当前共 {total} 个会话在等待其他会话）"),
        "blocked": T("Session {sid},{serial_no} ({username}) blocked {wait_s} s on '{event}' by session {blocker_sid} "
                     "(head of chain {final_blocker_sid}); {count} session(s) over the threshold",
                     "会话 {sid},{serial_no}（{username}）因 '{event}' 被会话 {blocker_sid} 阻塞 {wait_s} 秒"
                     "（阻塞链头 {final_blocker_sid}）；共 {count} 个会话超过阈值"),
        "many": T("{total} sessions are waiting on other sessions (threshold {blocked_sessions_warning})",
                  "{total} 个会话正在等待其他会话（阈值 {blocked_sessions_warning}）"),
    },
    remediation=RemediationSpec(
        text=T("Find the head of the chain (FINAL_BLOCKING_SESSION) and what it is doing or not committing; contact "
               "its owner, and only if agreed end it with ALTER SYSTEM KILL SESSION 'sid,serial#' IMMEDIATE.",
               "找到阻塞链头（FINAL_BLOCKING_SESSION）及其正在执行或未提交的操作；联系其负责人，经确认后方可执行 "
               "ALTER SYSTEM KILL SESSION 'sid,serial#' IMMEDIATE 结束会话。"),
        commands={"oracle": ["SELECT sid, serial#, username, status, sql_id, prev_sql_id, event, last_call_et FROM v$session "
                             "WHERE sid IN (SELECT final_blocking_session FROM v$session);",
                             "SELECT * FROM v$wait_chains;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SESSION.html"],
    ),
    timeout_s=10,
    object_key=("sid", "serial_no"),
)
