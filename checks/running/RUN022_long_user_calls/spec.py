from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN022",
    name="long_user_calls",
    title=T("Oracle user calls running for a long time", "Oracle 用户调用长时间运行"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$SESSION")},
    columns=("sid", "serial_no", "username", "sql_id", "runtime_s", "event", "module", "machine", "program"),
    thresholds=(
        Threshold(name="runtime_s", unit="s", warning=60, critical=300, direction="above",
                  rationale="same as RUN004: pg-healthcheck long queries 60/300 s, PgHero 60 s (PG-RUN-05); "
                            "catalog ORA-RUN-05 (LAST_CALL_ET) names no threshold; raise it for batch windows"),
    ),
    judge=rows_judge([("runtime_s", "runtime_s")], problem="long"),
    messages={
        "ok": T("No user call running longer than {runtime_s_warning} s ({total} active now)",
                "没有运行超过 {runtime_s_warning} 秒的用户调用（当前活动 {total} 个）"),
        "long": T("Session {sid},{serial_no} ({username}, {module}) in one call for {runtime_s} s, sql_id {sql_id}; "
                  "{count} call(s) over the threshold",
                  "会话 {sid},{serial_no}（{username}，{module}）单次调用已运行 {runtime_s} 秒，sql_id {sql_id}；"
                  "共 {count} 个调用超过阈值"),
    },
    remediation=RemediationSpec(
        text=T("Look at the statement and its plan (DBMS_XPLAN.DISPLAY_CURSOR with the sql_id), its progress "
               "(V$SESSION_LONGOPS) and what it waits on; agree with its owner before cancelling it "
               "(ALTER SYSTEM CANCEL SQL 'sid, serial#').",
               "查看语句及其执行计划（按 sql_id 调用 DBMS_XPLAN.DISPLAY_CURSOR）、进度（V$SESSION_LONGOPS）和等待事件；"
               "与其负责人确认后再取消（ALTER SYSTEM CANCEL SQL 'sid, serial#'）。"),
        commands={"oracle": ["SELECT * FROM TABLE(DBMS_XPLAN.DISPLAY_CURSOR('<sql_id>'));",
                             "SELECT sid, opname, sofar, totalwork, time_remaining FROM v$session_longops WHERE sofar < totalwork;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SESSION.html"],
    ),
    timeout_s=10,
    object_key=("sid", "serial_no"),
)
