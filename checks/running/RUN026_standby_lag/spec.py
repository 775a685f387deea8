from checks.judges import Levels, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("lag_s")
def judge(rows, th, ctx) -> Verdict:
    """Rated on behind_s: the lag Oracle reports plus how long ago the data it was computed from arrived
    (DATUM_TIME). A standby that stopped hearing from the primary keeps reporting its last, small lag."""
    if not rows:
        return Verdict(outcome=Outcome.WARNING, message="no_stats", evidence=[])
    levels: Levels = th["lag_s"]
    unknown = [r for r in rows if r.get("value") is None]
    rated = sorted(((r, levels.classify(num(r.get("behind_s")))) for r in rows if r.get("value") is not None),
                   key=lambda x: (-x[1].rank, -(num(x[0].get("behind_s")) or 0)))
    if not rated or rated[0][1] is Outcome.OK and unknown:
        return Verdict(outcome=Outcome.WARNING, message="unknown", params=unknown[0], evidence=rows)
    row, outcome = rated[0]
    objects = {ctx.object_of(r): o for r, o in rated if o is not Outcome.OK}
    params = {**row, "lag_s": num(row.get("lag_s")), "behind_s": num(row.get("behind_s")),
              "datum_age_s": num(row.get("datum_age_s"))}
    if outcome is Outcome.OK:
        return Verdict(outcome=outcome, message="ok", params=params, evidence=rows, objects=objects)
    stale = levels.classify(num(row.get("datum_age_s"))) is not Outcome.OK
    return Verdict(outcome=outcome, message="stale" if stale else "lagging", params=params, evidence=rows,
                   objects=objects)


SPEC = CheckSpec(
    code="RUN026",
    name="standby_lag",
    title=T("Oracle Data Guard standby lagging", "Oracle Data Guard 备库延迟"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON GV_$DATAGUARD_STATS", roles=("standby",),
                                     container="root")},
    columns=("metric", "inst_id", "value", "lag_s", "datum_age_s", "behind_s", "time_computed", "datum_time"),
    thresholds=(
        Threshold(name="lag_s", unit="s", warning=120, critical=3600, direction="above",
                  rationale="same as RUN015/RUN008: BlueKing replica delay 120 s warn / 3600 s fatal (MY-RUN-06), applied "
                            "to transport and apply lag plus the age of the data they were computed from (V$DATAGUARD_STATS "
                            "DATUM_TIME, Oracle Database Reference 19c); catalog ORA-RUN-06 names no threshold"),
    ),
    judge=judge,
    messages={
        "ok": T("Transport and apply lag within {lag_s_warning} s (worst: {metric} {value}, data from the primary {datum_age_s} s old)",
                "传输与应用延迟均在 {lag_s_warning} 秒内（最大：{metric} {value}，来自主库的数据距今 {datum_age_s} 秒）"),
        "lagging": T("Standby {metric} is {lag_s} s ({value} on instance {inst_id}, computed {time_computed}; behind up to "
                     "{behind_s} s; threshold {lag_s_warning} s)",
                     "备库 {metric} 为 {lag_s} 秒（实例 {inst_id} 上为 {value}，计算于 {time_computed}；最多落后 {behind_s} 秒；"
                     "阈值 {lag_s_warning} 秒）"),
        "stale": T("Standby {metric} reads {value}, but it was computed from data received at {datum_time} (standby clock), "
                   "{datum_age_s} s ago: the standby is not hearing from the primary and may be {behind_s} s behind",
                   "备库 {metric} 显示为 {value}，但其计算所依据的数据接收于 {datum_time}（备库时间），距今 {datum_age_s} 秒："
                   "备库未收到主库数据，可能已落后 {behind_s} 秒"),
        "unknown": T("Standby {metric} has no value: the standby has not received data from the primary to compute it",
                     "备库 {metric} 无值：备库未从主库收到可用于计算的数据"),
        "no_stats": T("V$DATAGUARD_STATS returned no transport/apply lag on this standby (redo apply or transport may be stopped)",
                      "此备库的 V$DATAGUARD_STATS 未返回传输/应用延迟（REDO 应用或传输可能已停止）"),
    },
    remediation=RemediationSpec(
        text=T("Transport lag or stale data: check the primary's destination (RUN025) and the network; apply lag: check "
               "that managed recovery runs (V$DATAGUARD_PROCESS; V$MANAGED_STANDBY is deprecated) and the standby's I/O. "
               "Where the Data Guard broker manages the standby, restart apply with DGMGRL (EDIT DATABASE … SET STATE="
               "'APPLY-ON'), not SQL. The monitoring user can read a standby only when it is open (Active Data Guard).",
               "传输延迟或数据陈旧：检查主库归档目标（RUN025）与网络；应用延迟：确认备库管理恢复进程在运行（V$DATAGUARD_PROCESS；"
               "V$MANAGED_STANDBY 已弃用）及备库 I/O。由 Data Guard Broker 管理的备库应使用 DGMGRL 重启应用（EDIT DATABASE … "
               "SET STATE='APPLY-ON'），而非 SQL。监控用户仅能在备库打开（Active Data Guard）时读取。"),
        commands={"oracle": ["SELECT inst_id, name, value, time_computed, datum_time FROM gv$dataguard_stats;",
                             "SELECT inst_id, name, role, action, thread#, sequence# FROM gv$dataguard_process;",
                             "DGMGRL> SHOW DATABASE <standby>;",
                             "ALTER DATABASE RECOVER MANAGED STANDBY DATABASE DISCONNECT;  -- without the broker only"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATAGUARD_STATS.html"],
    ),
    timeout_s=10,
    object_key=("metric",),
)
