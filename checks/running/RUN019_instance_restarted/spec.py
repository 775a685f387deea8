from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _restarted(row, ctx):
    if str(row.get("restarted_in_window")) in ("1", "True", "true"):
        return Outcome.WARNING, "in_window"
    return None


_rows = rows_judge([("uptime_s", "uptime_s")], problem="recent", flag=_restarted)


@uses("uptime_s")
def judge(rows, th, ctx) -> Verdict:
    """One row per open instance (RAC: each of them), the most recent start first."""
    if not rows:
        return Verdict(outcome=Outcome.ERROR, message="no_data")
    return _rows(rows, th, ctx)


SPEC = CheckSpec(
    code="RUN019",
    name="instance_restarted",
    title=T("Oracle instance restarted recently or inside the inspection window", "Oracle 实例近期或在巡检窗口内重启"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON GV_$INSTANCE")},
    columns=("instance_name", "started_local", "uptime_s", "restarted_in_window"),
    thresholds=(
        Threshold(name="uptime_s", unit="s", warning=1800, critical=300, direction="below",
                  rationale="same as RUN002: pgwatch uptime panel <1800 s orange / <300 s red (PG-RUN-02); "
                            "catalog ORA-RUN-02 names no threshold of its own"),
    ),
    judge=judge,
    messages={
        "ok": T("{total} instance(s) open, none restarted in the window; the latest start: {instance_name} at {started_local} "
                "(server time, up {uptime_s} s)",
                "共 {total} 个实例运行中，窗口内无重启；最近一次启动：{instance_name}，{started_local}（服务器时间，已运行 {uptime_s} 秒）"),
        "recent": T("Instance {instance_name} restarted recently: up only {uptime_s} s, since {started_local} "
                    "(threshold {uptime_s_warning} s)",
                    "实例 {instance_name} 刚刚重启：仅运行 {uptime_s} 秒，启动于 {started_local}（阈值 {uptime_s_warning} 秒）"),
        "in_window": T("Instance {instance_name} restarted inside the inspection window: started {started_local} "
                       "(server time, up {uptime_s} s); {count} instance(s) restarted or up only briefly",
                       "实例 {instance_name} 在巡检窗口内重启：启动于 {started_local}（服务器时间，已运行 {uptime_s} 秒）；共 {count} 个实例重启或刚启动"),
        "no_data": T("GV$INSTANCE returned no row", "GV$INSTANCE 未返回任何行"),
    },
    remediation=RemediationSpec(
        text=T("Confirm the restart was planned (change ticket). If not, read the alert log around the start time "
               "('Starting ORACLE instance', ORA-00600/07445, 'Instance terminated by'), the OS log (OOM killer, "
               "reboot) and the clusterware log on RAC; check that services, PDBs and standbys came back.",
               "确认此次重启为计划内操作（变更单）。若非计划内，查看启动时间前后的告警日志（'Starting ORACLE instance'、"
               "ORA-00600/07445、'Instance terminated by'）、操作系统日志（OOM Killer、主机重启）及 RAC 集群日志；"
               "确认服务、PDB 和备库均已恢复。"),
        commands={"oracle": ["SELECT inst_id, instance_name, host_name, startup_time, status FROM gv$instance;",
                             "SELECT originating_timestamp, message_text FROM v$diag_alert_ext "
                             "WHERE message_text LIKE '%Starting ORACLE instance%' ORDER BY originating_timestamp DESC FETCH FIRST 5 ROWS ONLY;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-INSTANCE.html"],
    ),
    timeout_s=5,
    basis="window",
    object_key=("instance_name",),
)
