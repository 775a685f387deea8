from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN027",
    name="redo_switch_too_frequent",
    title=T("Oracle redo logs switching too often", "Oracle 重做日志切换过于频繁"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$LOG_HISTORY", container="root")},
    columns=("thread_no", "hour_local", "switches"),
    thresholds=(
        Threshold(name="switches_per_hour", unit="switches/h", warning=20, critical=60, direction="above",
                  rationale="zoeMonitor: a switch interval under 3 min means enlarge the redo logs (ORA-RUN-08) = 20 per "
                            "hour sustained; critical at one a minute (ours)"),
    ),
    judge=each_row("switches", "switches_per_hour", problem="frequent"),
    messages={
        "ok": T("No hour inside the window had {switches_per_hour_warning} or more log switches ({total} hour(s) with switches)",
                "窗口内没有任何一小时日志切换达到 {switches_per_hour_warning} 次（{total} 个小时有切换）"),
        "frequent": T("Thread {thread_no} switched redo {switches} times in the hour from {hour_local} (server time); "
                      "{count} hour(s) over {switches_per_hour_warning}",
                      "线程 {thread_no} 在 {hour_local}（服务器时间）起的一小时内切换日志 {switches} 次；"
                      "共 {count} 个小时超过 {switches_per_hour_warning} 次"),
    },
    remediation=RemediationSpec(
        text=T("Size the online redo logs so a switch happens about every 15–20 minutes at peak: add larger groups "
               "to every thread, then drop the small ones one at a time once each is INACTIVE and archived (ALTER "
               "SYSTEM SWITCH LOGFILE / CHECKPOINT to move on; never drop the CURRENT or an ACTIVE group). With Data "
               "Guard, recreate the standby redo logs at the new size too (one more group per thread than online). "
               "Also check what generates the redo (batch, missing NOLOGGING for loads that allow it, commits per row).",
               "调整在线重做日志大小，使高峰期约每 15–20 分钟切换一次：为每个线程新增更大的日志组，再逐个删除小日志组，"
               "每个须已处于 INACTIVE 且已归档（可用 ALTER SYSTEM SWITCH LOGFILE / CHECKPOINT 推进；切勿删除 CURRENT 或 ACTIVE 组）。"
               "有 Data Guard 时，备用重做日志也须按新大小重建（每个线程比在线日志多一组）。同时排查产生大量 REDO 的原因"
               "（批处理、可用 NOLOGGING 的装载未使用、逐行提交）。"),
        commands={"oracle": ["SELECT group#, thread#, bytes/1048576 AS mb, members, status, archived FROM v$log ORDER BY thread#, group#;",
                             "ALTER DATABASE ADD LOGFILE THREAD 1 GROUP <n> ('+DATA', '+FRA') SIZE 2G;",
                             "ALTER DATABASE DROP LOGFILE GROUP <old>;  -- only when V$LOG says INACTIVE and ARCHIVED = YES"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-LOG_HISTORY.html"],
    ),
    timeout_s=15,
    basis="window",
)
