from checks.judges import summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _restarted(row, ctx):
    if str(row.get("restarted_in_window")) in ("1", "True", "true"):
        return Outcome.WARNING, "in_window"
    return None


SPEC = CheckSpec(
    code="RUN019",
    name="instance_restarted",
    title=T("Oracle instance restarted recently or inside the inspection window", "Oracle 实例近期或在巡检窗口内重启"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$INSTANCE")},
    columns=("instance_name", "started_local", "uptime_s", "restarted_in_window"),
    thresholds=(
        Threshold(name="uptime_s", unit="s", warning=1800, critical=300, direction="below",
                  rationale="same as RUN002: pgwatch uptime panel <1800 s orange / <300 s red (PG-RUN-02); "
                            "catalog ORA-RUN-02 names no threshold of its own"),
    ),
    judge=summary_judge([("uptime_s", "uptime_s")], problem="recent", flag=_restarted, empty=(Outcome.ERROR, "no_data")),
    messages={
        "ok": T("Instance {instance_name} up since {started_local} (server time, {uptime_s} s); no restart in the window",
                "实例 {instance_name} 自 {started_local}（服务器时间）起运行 {uptime_s} 秒，窗口内无重启"),
        "recent": T("Instance {instance_name} restarted recently: up only {uptime_s} s, since {started_local} "
                    "(threshold {uptime_s_warning} s)",
                    "实例 {instance_name} 刚刚重启：仅运行 {uptime_s} 秒，启动于 {started_local}（阈值 {uptime_s_warning} 秒）"),
        "in_window": T("Instance {instance_name} restarted inside the inspection window: started {started_local} "
                       "(server time, up {uptime_s} s)",
                       "实例 {instance_name} 在巡检窗口内重启：启动于 {started_local}（服务器时间，已运行 {uptime_s} 秒）"),
        "no_data": T("V$INSTANCE returned no row", "V$INSTANCE 未返回任何行"),
    },
    remediation=RemediationSpec(
        text=T("Confirm the restart was planned (change ticket). If not, read the alert log around the start time "
               "('Starting ORACLE instance', ORA-00600/07445, 'Instance terminated by'), the OS log (OOM killer, "
               "reboot) and the clusterware log on RAC; check that services, PDBs and standbys came back.",
               "确认此次重启为计划内操作（变更单）。若非计划内，查看启动时间前后的告警日志（'Starting ORACLE instance'、"
               "ORA-00600/07445、'Instance terminated by'）、操作系统日志（OOM Killer、主机重启）及 RAC 集群日志；"
               "确认服务、PDB 和备库均已恢复。"),
        commands={"oracle": ["SELECT instance_name, startup_time, status FROM v$instance;",
                             "SELECT originating_timestamp, message_text FROM v$diag_alert_ext "
                             "WHERE message_text LIKE '%Starting ORACLE instance%' ORDER BY originating_timestamp DESC FETCH FIRST 5 ROWS ONLY;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-INSTANCE.html"],
    ),
    timeout_s=5,
    basis="window",
)
