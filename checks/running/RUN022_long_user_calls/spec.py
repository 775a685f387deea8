from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

_rows = rows_judge([("runtime_s", "runtime_s")], problem="long")


@uses("runtime_s", "excluded_users")
def judge(rows, th, ctx):
    skip = {str(u).upper() for u in th["excluded_users"].value or ()}
    return _rows([r for r in rows if str(r.get("username") or "").upper() not in skip], th, ctx)


SPEC = CheckSpec(
    code="RUN022",
    name="long_user_calls",
    title=T("Oracle user calls running for a long time", "Oracle 用户调用长时间运行"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON GV_$SESSION, SELECT ON GV_$PX_SESSION")},
    columns=("inst_id", "sid", "serial_no", "username", "sql_id", "runtime_s", "event", "module", "machine", "program"),
    thresholds=(
        Threshold(name="runtime_s", unit="s", warning=60, critical=300, direction="above",
                  rationale="same as RUN004: pg-healthcheck long queries 60/300 s, PgHero 60 s (PG-RUN-05); "
                            "catalog ORA-RUN-05 (LAST_CALL_ET) names no threshold; raise it for batch windows"),
        Threshold(name="excluded_users", unit="database user", kind="list", value=(),
                  rationale="accounts whose calls run for hours by design (a replication capture user such as "
                            "GoldenGate's, a reporting batch account); none by default"),
    ),
    judge=judge,
    messages={
        "ok": T("No user call running longer than {runtime_s_warning} s ({total} active now)",
                "没有运行超过 {runtime_s_warning} 秒的用户调用（当前活动 {total} 个）"),
        "long": T("Session {sid},{serial_no} on instance {inst_id} ({username}, {module}) in one call for {runtime_s} s, sql_id {sql_id}; "
                  "{count} call(s) over the threshold",
                  "实例 {inst_id} 上的会话 {sid},{serial_no}（{username}，{module}）单次调用已运行 {runtime_s} 秒，sql_id {sql_id}；"
                  "共 {count} 个调用超过阈值"),
    },
    remediation=RemediationSpec(
        text=T("Look at the statement and its plan (DBMS_XPLAN.DISPLAY_CURSOR with the sql_id), its progress "
               "(V$SESSION_LONGOPS) and what it waits on; agree with its owner before cancelling it "
               "(ALTER SYSTEM CANCEL SQL 'sid, serial#, @inst_id', 18c+: the call fails with ORA-01013 and its "
               "statement is rolled back, the session stays).",
               "查看语句及其执行计划（按 sql_id 调用 DBMS_XPLAN.DISPLAY_CURSOR）、进度（V$SESSION_LONGOPS）和等待事件；"
               "与其负责人确认后再取消（ALTER SYSTEM CANCEL SQL 'sid, serial#, @inst_id'，18c 起可用：该调用以 ORA-01013 失败，"
               "其语句被回滚，会话保留）。"),
        commands={"oracle": ["SELECT * FROM TABLE(DBMS_XPLAN.DISPLAY_CURSOR('<sql_id>'));",
                             "SELECT inst_id, sid, opname, sofar, totalwork, time_remaining FROM gv$session_longops WHERE sofar < totalwork;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SESSION.html"],
    ),
    timeout_s=10,
    object_key=("inst_id", "sid", "serial_no"),
)
