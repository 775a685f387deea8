from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

_rows = rows_judge([("wait_s", "wait_s")], problem="blocked", count_threshold="blocked_sessions", count_problem="many")


@uses("wait_s", "blocked_sessions", "min_wait_s")
def judge(rows, th, ctx):
    """Waits shorter than min_wait_s are left out of both rules: on a busy system many sessions wait a few
    milliseconds behind LGWR ('log file sync') or a hot block at any instant, which is no blocking fault."""
    floor = th["min_wait_s"].value or 0
    verdict = _rows([r for r in rows if (num(r.get("wait_s")) or 0) >= floor], th, ctx)
    verdict.params["min_wait_s"] = f"{floor:g}"
    return verdict


SPEC = CheckSpec(
    code="RUN021",
    name="sessions_blocked",
    title=T("Oracle sessions blocked by another session", "Oracle 会话被其他会话阻塞"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON GV_$SESSION")},
    columns=("inst_id", "sid", "serial_no", "username", "event", "wait_class", "wait_s", "blocker_instance", "blocker_sid",
             "final_blocker_instance", "final_blocker_sid", "sql_id", "machine", "program"),
    thresholds=(
        Threshold(name="wait_s", unit="s", warning=30, critical=120, direction="above",
                  rationale="same as RUN005: check_postgres lockwait 1/2 min (PG-RUN-06), warning at 30 s; "
                            "catalog ORA-RUN-05 names no threshold"),
        Threshold(name="blocked_sessions", unit="sessions", warning=5, critical=20, direction="above",
                  rationale="same as RUN005: pgwatch blocked sessions (PG-RUN-06); many short waits at once are a fault too"),
        Threshold(name="min_wait_s", unit="s", kind="guard", value=1,
                  rationale="waits shorter than this are not counted (ours): V$SESSION shows a blocker for waits of "
                            "milliseconds too, e.g. 'log file sync' behind LGWR or 'buffer busy waits', momentary on "
                            "any busy OLTP instance"),
    ),
    judge=judge,
    messages={
        "ok": T("No session blocked longer than {wait_s_warning} s ({total} waiting {min_wait_s} s or more on another session now)",
                "没有会话被阻塞超过 {wait_s_warning} 秒（当前共 {total} 个会话等待其他会话达 {min_wait_s} 秒以上）"),
        "blocked": T("Session {sid},{serial_no} on instance {inst_id} ({username}) blocked {wait_s} s on '{event}' by session "
                     "{blocker_sid} on instance {blocker_instance} (head of chain {final_blocker_sid} on instance "
                     "{final_blocker_instance}); {count} session(s) over the threshold",
                     "实例 {inst_id} 上的会话 {sid},{serial_no}（{username}）因 '{event}' 被实例 {blocker_instance} 上的会话 "
                     "{blocker_sid} 阻塞 {wait_s} 秒（阻塞链头：实例 {final_blocker_instance} 上的 {final_blocker_sid}）；"
                     "共 {count} 个会话超过阈值"),
        "many": T("{total} sessions have been waiting {min_wait_s} s or more on other sessions (threshold {blocked_sessions_warning})",
                  "{total} 个会话等待其他会话已达 {min_wait_s} 秒以上（阈值 {blocked_sessions_warning}）"),
    },
    remediation=RemediationSpec(
        text=T("Find the head of the chain (FINAL_BLOCKING_SESSION) and what it is doing or not committing; contact "
               "its owner, and only if agreed end it with ALTER SYSTEM KILL SESSION 'sid,serial#,@inst_id' IMMEDIATE "
               "(its uncommitted work is rolled back; never end a background process this way).",
               "找到阻塞链头（FINAL_BLOCKING_SESSION）及其正在执行或未提交的操作；联系其负责人，经确认后方可执行 "
               "ALTER SYSTEM KILL SESSION 'sid,serial#,@inst_id' IMMEDIATE 结束会话（其未提交的工作将被回滚；切勿以此方式结束后台进程）。"),
        commands={"oracle": ["SELECT inst_id, sid, serial#, username, status, sql_id, prev_sql_id, event, last_call_et FROM gv$session "
                             "WHERE (inst_id, sid) IN (SELECT final_blocking_instance, final_blocking_session FROM gv$session);",
                             "SELECT * FROM v$wait_chains;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SESSION.html"],
    ),
    timeout_s=10,
    object_key=("inst_id", "sid", "serial_no"),
)
