from checks.judges import summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _truthy(v) -> bool:
    return v is not None and str(v).lower() in ("1", "true", "t", "yes")


def _in_window(row, ctx):
    """A crash (PostgreSQL: crash recovery without a postmaster restart) beats a restart inside the window."""
    if _truthy(row.get("crashed_in_window")):
        return Outcome.CRITICAL, "crashed"
    if _truthy(row.get("restarted_in_window")):
        return Outcome.WARNING, "in_window"
    return None


SPEC = CheckSpec(
    code="RUN002",
    name="restart_in_window",
    title=T("Instance restarted or crashed recently or inside the inspection window",
            "实例近期或在巡检窗口内发生过重启或崩溃"),
    category="running",
    tier="daily",
    engines={
        # pg_read_all_stats: the checkpointer's row in pg_stat_activity (its restart is the crash signal that
        # pg_stat_reset_shared() cannot fake; without it, 17+'s reset of all shared stats reads as a crash)
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats"),
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("started_at", "uptime_s", "restarted_in_window", "crashed_at", "crashed_in_window"),
    thresholds=(
        Threshold(name="uptime_s", unit="s", warning=1800, critical=None, direction="below",
                  rationale="pgwatch uptime panel: <1800 s orange (PG-RUN-02); BlueKing mysqld-restarted (MY-RUN-01). "
                            "Warning only: a planned restart is not an incident (pgwatch's red <300 s is not used)"),
    ),
    judge=summary_judge([("uptime_s", "uptime_s")], problem="recent", flag=_in_window,
                        empty=(Outcome.ERROR, "no_data")),
    messages={
        "ok": T("Up since {started_at} ({uptime_s} s); no restart or crash inside the inspection window",
                "自 {started_at} 起持续运行（{uptime_s} 秒），巡检窗口内无重启或崩溃"),
        "recent": T("Restarted recently: up only {uptime_s} s, since {started_at} (threshold {uptime_s_warning} s)",
                    "实例刚刚重启：仅运行 {uptime_s} 秒，启动于 {started_at}（阈值 {uptime_s_warning} 秒）"),
        "in_window": T("Restarted inside the inspection window: started at {started_at} (up {uptime_s} s)",
                       "巡检窗口内发生过重启：启动时间 {started_at}（已运行 {uptime_s} 秒）"),
        "crashed": T("Crashed inside the inspection window: the server went through crash recovery at {crashed_at} "
                     "(every session was ended and the statistics were discarded); the postmaster has run since "
                     "{started_at}",
                     "巡检窗口内发生过崩溃：服务器于 {crashed_at} 执行了崩溃恢复（所有会话被终止，统计信息被清空）；"
                     "postmaster 自 {started_at} 起运行"),
        "no_data": T("The server returned no uptime", "服务器未返回运行时长"),
    },
    remediation=RemediationSpec(
        text=T("Confirm the restart was planned (change ticket, maintenance window). A crash never is: read the server "
               "log around the time for the process that died and why (signal 9 from the OOM killer, a segfault), "
               "and check that replicas and applications reconnected.",
               "确认此次重启是否为计划内操作（变更单、维护窗口）；崩溃一定不是计划内的：查看该时间点前后的数据库日志，"
               "找出异常退出的进程及原因（OOM Killer 发出的 9 号信号、段错误等），并确认备库和应用已重新连接。"),
        commands={
            "postgresql": ["SELECT pg_postmaster_start_time(), now() - pg_postmaster_start_time() AS uptime, "
                           "(SELECT backend_start FROM pg_stat_activity WHERE backend_type = 'checkpointer') "
                           "AS checkpointer_started;",
                           "grep -E 'database system is ready|terminated by signal|reinitializing|shutting down' "
                           "/var/log/postgresql/*.log",
                           "journalctl -k | grep -i -E 'oom|killed process'"],
            "mysql": ["SHOW GLOBAL STATUS LIKE 'Uptime';",
                      "grep -E 'ready for connections|Shutdown complete|mysqld got signal' \"$(mysql -NBe 'SELECT @@log_error')\"",
                      "journalctl -k | grep -i -E 'oom|killed process'"],
        },
        references=["https://www.postgresql.org/docs/current/functions-info.html",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ARCHIVER-VIEW",
                    "https://mariadb.com/kb/en/server-status-variables/#uptime"],
    ),
    timeout_s=5,
    basis="window",
)
