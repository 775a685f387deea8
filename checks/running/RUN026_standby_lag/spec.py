from checks.judges import Levels, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("lag_s")
def judge(rows, th, ctx) -> Verdict:
    if not rows:
        return Verdict(outcome=Outcome.WARNING, message="no_stats", evidence=[])
    levels: Levels = th["lag_s"]
    unknown = [r for r in rows if r.get("value") is None]
    rated = sorted(((r, levels.classify(num(r.get("lag_s")))) for r in rows), key=lambda x: -x[1].rank)
    row, outcome = rated[0]
    if outcome is Outcome.OK and unknown:
        return Verdict(outcome=Outcome.WARNING, message="unknown", params=unknown[0], evidence=rows)
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "lagging",
                   params={**row, "lag_s": num(row.get("lag_s"))}, evidence=rows)


SPEC = CheckSpec(
    code="RUN026",
    name="standby_lag",
    title=T("Oracle Data Guard standby lagging", "Oracle Data Guard 备库延迟"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$DATAGUARD_STATS", roles=("standby",),
                                     container="root")},
    columns=("metric", "value", "lag_s", "time_computed", "datum_time"),
    thresholds=(
        Threshold(name="lag_s", unit="s", warning=120, critical=3600, direction="above",
                  rationale="same as RUN015/RUN008: BlueKing replica delay 120 s warn / 3600 s fatal (MY-RUN-06), applied "
                            "to transport and apply lag; catalog ORA-RUN-06 names no threshold"),
    ),
    judge=judge,
    messages={
        "ok": T("Transport and apply lag within {lag_s_warning} s (worst: {metric} {value})",
                "传输与应用延迟均在 {lag_s_warning} 秒内（最大：{metric} {value}）"),
        "lagging": T("Standby {metric} is {lag_s} s ({value}, computed {time_computed}; threshold {lag_s_warning} s)",
                     "备库 {metric} 为 {lag_s} 秒（{value}，计算于 {time_computed}；阈值 {lag_s_warning} 秒）"),
        "unknown": T("Standby {metric} has no value: the standby has not received data from the primary to compute it",
                     "备库 {metric} 无值：备库未从主库收到可用于计算的数据"),
        "no_stats": T("V$DATAGUARD_STATS returned no transport/apply lag on this standby (redo apply or transport may be stopped)",
                      "此备库的 V$DATAGUARD_STATS 未返回传输/应用延迟（REDO 应用或传输可能已停止）"),
    },
    remediation=RemediationSpec(
        text=T("Transport lag: check the primary's destination (RUN025) and the network; apply lag: check that "
               "managed recovery runs (V$MANAGED_STANDBY / V$DATAGUARD_PROCESS) and the standby's I/O.",
               "传输延迟：检查主库归档目标（RUN025）与网络；应用延迟：确认备库管理恢复进程在运行"
               "（V$MANAGED_STANDBY / V$DATAGUARD_PROCESS）及备库 I/O。"),
        commands={"oracle": ["SELECT name, value, time_computed FROM v$dataguard_stats;",
                             "SELECT process, status, thread#, sequence# FROM v$managed_standby;",
                             "ALTER DATABASE RECOVER MANAGED STANDBY DATABASE DISCONNECT;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATAGUARD_STATS.html"],
    ),
    timeout_s=10,
)
