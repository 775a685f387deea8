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
        text=T("Size the online redo logs so a switch happens about every 15–20 minutes at peak (add larger groups, "
               "drop the small ones once INACTIVE); check what generates the redo (batch, missing NOLOGGING for "
               "loads that allow it, excessive commits).",
               "调整在线重做日志大小，使高峰期约每 15–20 分钟切换一次（新增更大的日志组，待小日志组 INACTIVE 后删除）；"
               "排查产生大量 REDO 的原因（批处理、可用 NOLOGGING 的装载未使用、频繁提交）。"),
        commands={"oracle": ["SELECT group#, thread#, bytes/1048576 AS mb, members, status FROM v$log;",
                             "ALTER DATABASE ADD LOGFILE THREAD 1 GROUP <n> SIZE 2G;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-LOG_HISTORY.html"],
    ),
    timeout_s=15,
    basis="window",
)
