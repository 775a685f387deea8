from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN028",
    name="ash_blocking_in_window",
    title=T("Oracle sessions blocked inside the window (ASH, Diagnostics Pack)", "窗口内 Oracle 会话阻塞（ASH，需 Diagnostics Pack）"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON GV_$ACTIVE_SESSION_HISTORY",
                                     requires=("diagnostics_pack",))},
    columns=("blocker_instance", "blocker_sid", "blocker_serial_no", "blocked_samples", "blocked_sessions", "event", "first_utc", "last_utc", "ash_since"),
    thresholds=(
        Threshold(name="blocked_s", unit="session-seconds", warning=60, critical=600, direction="above",
                  rationale="ASH samples each active session once a second (Oracle Database Performance Tuning Guide 19c, "
                            "'Active Session History'), so samples ≈ session-seconds spent blocked; 1 / 10 min of "
                            "blocked time behind one blocker, 'Commit' waits behind LGWR not counted (ours; catalog "
                            "ORA-RUN-05 names no threshold)"),
    ),
    judge=rows_judge([("blocked_samples", "blocked_s")], problem="blocked"),
    messages={
        "ok": T("No blocker held others for {blocked_s_warning} session-seconds inside the window "
                "(source: GV$ACTIVE_SESSION_HISTORY; {total} blocker(s) seen)",
                "窗口内没有阻塞者使其他会话累计等待达 {blocked_s_warning} 会话秒（来源：GV$ACTIVE_SESSION_HISTORY；共 {total} 个阻塞者）"),
        "blocked": T("Session {blocker_sid},{blocker_serial_no} on instance {blocker_instance} blocked {blocked_sessions} session(s) for {blocked_samples} "
                     "session-seconds, mostly on '{event}', between {first_utc} and {last_utc} UTC (source: "
                     "GV$ACTIVE_SESSION_HISTORY from {ash_since} UTC)",
                     "实例 {blocker_instance} 上的会话 {blocker_sid},{blocker_serial_no} 在 {first_utc} 至 {last_utc} UTC 期间主要因 '{event}' 阻塞 "
                     "{blocked_sessions} 个会话共 {blocked_samples} 会话秒（来源：GV$ACTIVE_SESSION_HISTORY，自 {ash_since} UTC 起）"),
    },
    remediation=RemediationSpec(
        text=T("Find what the blocker ran (ASH SQL_ID of the blocking session at that time, DBA_HIST_ACTIVE_SESS_HISTORY "
               "for older periods) and why it held its locks (uncommitted work, row contention on a hot key, "
               "unindexed foreign keys).",
               "查明阻塞者当时执行的语句（ASH 中阻塞会话的 SQL_ID；更早时段查 DBA_HIST_ACTIVE_SESS_HISTORY）以及其长时间持锁的原因"
               "（未提交、热点行争用、外键无索引）。"),
        commands={"oracle": ["SELECT sample_time, session_id, sql_id, event FROM gv$active_session_history "
                             "WHERE inst_id = <blocker_instance> AND session_id = <blocker_sid> ORDER BY sample_time;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-ACTIVE_SESSION_HISTORY.html"],
    ),
    timeout_s=30,
    basis="window",
    object_key=("blocker_instance", "blocker_sid", "blocker_serial_no"),
)
