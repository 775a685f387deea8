from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN023",
    name="long_open_transactions",
    title=T("Oracle transactions open for a long time", "Oracle 事务长时间未结束"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON GV_$TRANSACTION, SELECT ON GV_$SESSION, "
                                                                    "SELECT ON GV_$PX_SESSION")},
    columns=("inst_id", "sid", "serial_no", "username", "session_status", "xact_age_s", "undo_blocks", "sql_id", "machine", "program"),
    thresholds=(
        Threshold(name="xact_age_s", unit="s", warning=1800, critical=3600, direction="above",
                  rationale="same as RUN006: BlueKing transactions open >3600 s (MY-RUN-09), warning at half; "
                            "catalog ORA-RUN-05 (V$TRANSACTION.START_DATE) names no threshold"),
    ),
    judge=rows_judge([("xact_age_s", "xact_age_s")], problem="long"),
    messages={
        "ok": T("No transaction open longer than {xact_age_s_warning} s ({total} open now)",
                "没有超过 {xact_age_s_warning} 秒未结束的事务（当前 {total} 个）"),
        "long": T("Session {sid},{serial_no} on instance {inst_id} ({username}, {session_status}) has held a transaction open {xact_age_s} s "
                  "({undo_blocks} undo blocks); {count} over the threshold",
                  "实例 {inst_id} 上的会话 {sid},{serial_no}（{username}，{session_status}）的事务已持续 {xact_age_s} 秒"
                  "（占用 {undo_blocks} 个 undo 块）；共 {count} 个超过阈值"),
    },
    remediation=RemediationSpec(
        text=T("An INACTIVE session holding a transaction is an application that did not commit: find it by "
               "machine/program and fix the code path; long transactions hold row locks and undo (ORA-01555 risk "
               "for readers). End it only with its owner's agreement: ALTER SYSTEM KILL SESSION 'sid,serial#,@inst_id' "
               "rolls the transaction back, which takes about as long as the work it undoes (SMON finishes it).",
               "INACTIVE 状态却持有事务的会话通常是应用未提交：按 machine/program 找到来源并修复代码；长事务持有行锁和 undo"
               "（读操作有 ORA-01555 风险）。须经负责人同意后方可结束：ALTER SYSTEM KILL SESSION 'sid,serial#,@inst_id' "
               "会回滚该事务，回滚耗时与其已做的工作量相当（由 SMON 完成）。"),
        commands={"oracle": ["SELECT s.inst_id, s.sid, s.serial#, s.username, s.status, t.start_date, t.used_ublk FROM gv$transaction t "
                             "JOIN gv$session s ON s.inst_id = t.inst_id AND s.saddr = t.ses_addr ORDER BY t.start_date;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-TRANSACTION.html"],
    ),
    timeout_s=10,
    object_key=("inst_id", "sid", "serial_no"),
)
