from checks.judges import summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _restarted(row, ctx):
    v = row.get("restarted_in_window")
    if v is not None and str(v).lower() in ("1", "true", "t", "yes"):
        return Outcome.WARNING, "in_window"
    return None


SPEC = CheckSpec(
    code="RUN002",
    name="restart_in_window",
    title=T("Instance restarted recently or inside the inspection window", "实例近期重启或在巡检窗口内发生过重启"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("started_at", "uptime_s", "restarted_in_window"),
    thresholds=(
        Threshold(name="uptime_s", unit="s", warning=1800, critical=300, direction="below",
                  rationale="pgwatch uptime panel: <1800 s orange, <300 s red (PG-RUN-02); BlueKing mysqld-restarted (MY-RUN-01)"),
    ),
    judge=summary_judge([("uptime_s", "uptime_s")], problem="recent", flag=_restarted,
                        empty=(Outcome.ERROR, "no_data")),
    messages={
        "ok": T("Up since {started_at} ({uptime_s} s); no restart inside the inspection window",
                "自 {started_at} 起持续运行（{uptime_s} 秒），巡检窗口内无重启"),
        "recent": T("Restarted recently: up only {uptime_s} s, since {started_at} (threshold {uptime_s_warning} s)",
                    "实例刚刚重启：仅运行 {uptime_s} 秒，启动于 {started_at}（阈值 {uptime_s_warning} 秒）"),
        "in_window": T("Restarted inside the inspection window: started at {started_at} (up {uptime_s} s)",
                       "巡检窗口内发生过重启：启动时间 {started_at}（已运行 {uptime_s} 秒）"),
        "no_data": T("The server returned no uptime", "服务器未返回运行时长"),
    },
    remediation=RemediationSpec(
        text=T("Confirm the restart was planned (change ticket, maintenance window). If not, read the server log "
               "around the start time for the cause (crash, OOM killer, failover, host reboot) and check that "
               "replicas and applications reconnected.",
               "确认此次重启是否为计划内操作（变更单、维护窗口）。若非计划内，查看启动时间前后的数据库日志，"
               "定位原因（崩溃、OOM Killer、主备切换、主机重启），并确认备库和应用已重新连接。"),
        commands={
            "postgresql": ["SELECT pg_postmaster_start_time(), now() - pg_postmaster_start_time() AS uptime;",
                           "grep -E 'database system is ready|terminated by signal|shutting down' /var/log/postgresql/*.log"],
            "mysql": ["SHOW GLOBAL STATUS LIKE 'Uptime';",
                      "grep -E 'ready for connections|Shutdown complete|mysqld got signal' \"$(mysql -NBe 'SELECT @@log_error')\"",
                      "journalctl -k | grep -i -E 'oom|killed process'"],
        },
        references=["https://www.postgresql.org/docs/current/functions-info.html",
                    "https://mariadb.com/kb/en/server-status-variables/#uptime"],
    ),
    timeout_s=5,
    basis="window",
)
