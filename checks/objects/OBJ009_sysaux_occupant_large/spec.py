from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_rows = rows_judge([("occupant_mb", "occupant_mb")], problem="large")


@uses("occupant_mb")
def judge(rows, th, ctx):
    if not rows:  # every database has SYSAUX occupants: no row is a view we could not read, never OK
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    return _rows(rows, th, ctx)


SPEC = CheckSpec(
    code="OBJ009",
    name="sysaux_occupant_large",
    title=T("Oracle SYSAUX occupant grown large (AWR, statistics history, audit trail)",
            "Oracle SYSAUX 占用者过大（AWR、统计信息历史、审计记录）"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$SYSAUX_OCCUPANTS", container="any")},
    columns=("occupant", "schema_name", "description", "occupant_mb", "share_pct", "move_procedure"),
    thresholds=(
        Threshold(name="occupant_mb", unit="MB", warning=5120, critical=20480, direction="above",
                  rationale="catalog ORA-OBJ-11 (V$SYSAUX_OCCUPANTS) names no level; 5 / 20 GB for one occupant are "
                            "ours — far above what AWR at the default 60-minute interval and 8-day retention or the "
                            "default 31-day optimizer statistics history take on a typical system, so a breach is "
                            "retention set too long or a purge that stopped"),
    ),
    judge=judge,
    object_key=("occupant",),
    messages={
        "ok": T("No SYSAUX occupant over {occupant_mb_warning} MB (largest {occupant} at {occupant_mb} MB, "
                "{share_pct}% of SYSAUX's occupants)",
                "没有 SYSAUX 占用者超过 {occupant_mb_warning} MB（最大为 {occupant}，{occupant_mb} MB，占 SYSAUX 占用的 "
                "{share_pct}%）"),
        "large": T("SYSAUX occupant {occupant} ({description}) takes {occupant_mb} MB, {share_pct}% of SYSAUX's "
                   "occupants; {count} over the threshold",
                   "SYSAUX 占用者 {occupant}（{description}）占用 {occupant_mb} MB，占 SYSAUX 占用的 {share_pct}%；"
                   "共 {count} 个超过阈值"),
        "unreadable": T("Not inspected: V$SYSAUX_OCCUPANTS returned no row (every database has occupants): the view is not "
                        "readable to this user", "未检查：V$SYSAUX_OCCUPANTS 未返回任何行（每个数据库都有占用者）：此用户无法读取该视图"),
    },
    remediation=RemediationSpec(
        text=T("SM/AWR: where the Diagnostics Pack is licensed, check AWR's retention and interval "
               "(DBA_HIST_WR_CONTROL) and that old snapshots are purged; reading DBA_HIST_WR_CONTROL is itself pack "
               "usage (every DBA_HIST_* view but the six licence-free ones, Database Licensing Information 19c), so "
               "without the pack take an oversized SM/AWR to Oracle Support rather than reading or resizing AWR. "
               "SM/OPTSTAT: lower the statistics history retention (DBMS_STATS.ALTER_STATS_HISTORY_RETENTION) and "
               "purge (DBMS_STATS.PURGE_STATS; a large history purges for a long time: do it in steps, outside peak "
               "hours). AUDSYS: archive and purge the unified audit trail (DBMS_AUDIT_MGMT) as the audit policy of "
               "the bank allows. Do not delete occupants' rows by hand.",
               "SM/AWR：已购买 Diagnostics Pack 的，检查 AWR 的保留期与快照间隔（DBA_HIST_WR_CONTROL）以及旧快照是否被清理；"
               "查询 DBA_HIST_WR_CONTROL 本身即属于该包的使用（除六个免许可视图外的所有 DBA_HIST_* 视图，见 Database "
               "Licensing Information 19c），未购买的请将过大的 SM/AWR 交由 Oracle Support 处理，不要自行查询或调整 AWR。"
               "SM/OPTSTAT：降低统计信息历史保留期（DBMS_STATS.ALTER_STATS_HISTORY_RETENTION）并清理（DBMS_STATS.PURGE_STATS；"
               "历史很大时清理耗时很长，请分批在业务低峰期进行）；AUDSYS：在本行审计制度允许的范围内归档并清理统一审计记录"
               "（DBMS_AUDIT_MGMT）。切勿手工删除占用者的数据。"),
        commands={"oracle": [
            "SELECT DBMS_STATS.GET_STATS_HISTORY_RETENTION FROM dual;",
            "EXEC DBMS_STATS.ALTER_STATS_HISTORY_RETENTION(14);",
            "EXEC DBMS_STATS.PURGE_STATS(SYSDATE - 14);",
            "-- Diagnostics Pack licensed only: SELECT snap_interval, retention FROM dba_hist_wr_control;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SYSAUX_OCCUPANTS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/admin/managing-tablespaces.html"],
    ),
    timeout_s=10,
)
