from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("ratio", "baseline_days", "min_baseline_days")
def judge(rows, th, ctx) -> Verdict:
    inside = [r for r in rows if str(r.get("in_window")) in ("1", "True", "true")]
    keep = int(th["baseline_days"].value or 30)
    before = [r for r in rows if r not in inside]
    # the oldest day returned is where V$ARCHIVED_LOG's records begin (older ones reused, or the database
    # created that day): it is a part of a day and would pull the average down, so it is not a baseline day
    before = before[1:][-keep:]
    if len(before) < (th["min_baseline_days"].value or 0) or not inside:
        return Verdict(outcome=Outcome.OK, message="no_baseline",
                       params={"baseline_days": len(before), "window_days": len(inside)}, evidence=inside)
    avg = sum(num(r.get("redo_mb")) or 0 for r in before) / len(before)
    rated = []
    for r in inside:
        ratio = round((num(r.get("redo_mb")) or 0) / avg, 2) if avg else None
        rated.append(({**r, "ratio": ratio, "baseline_mb": round(avg)}, th["ratio"].classify(ratio)))
    rated.sort(key=lambda x: (-x[1].rank, -(x[0]["ratio"] or 0)))
    row, outcome = rated[0]
    params = {**row, "baseline_days": len(before), "count": sum(1 for _, o in rated if o is not Outcome.OK)}
    return Verdict(outcome=outcome, message="spike" if outcome is not Outcome.OK else "ok", params=params,
                   evidence=[r for r, _ in rated])


SPEC = CheckSpec(
    code="RUN029",
    name="redo_volume_spike",
    title=T("Oracle daily redo volume far above its usual level", "Oracle 每日 REDO 量远高于平常"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$ARCHIVED_LOG", requires=("archiving",),
                                     container="root")},
    columns=("day_local", "redo_mb", "in_window"),
    thresholds=(
        Threshold(name="ratio", unit="× baseline daily average", warning=3, critical=None, direction="above",
                  rationale="zoeMonitor: a day's archived redo over 3× the average is a reminder (catalog ORA-RUN-09)"),
        Threshold(name="baseline_days", unit="days", kind="guard", value=30,
                  rationale="the days before the window averaged as the baseline (ours; V$ARCHIVED_LOG holds what "
                            "the control file keeps, CONTROL_FILE_RECORD_KEEP_TIME default 7 days; its oldest, partial "
                            "day is never part of it)"),
        Threshold(name="min_baseline_days", unit="days", kind="guard", value=3,
                  rationale="fewer days of history than this give no usable average: the check does not rate (ours)"),
    ),
    judge=judge,
    messages={
        "ok": T("Redo per day inside the window at most {ratio}× the {baseline_days}-day average ({baseline_mb} MB)",
                "窗口内每日 REDO 量最多为前 {baseline_days} 天平均值（{baseline_mb} MB）的 {ratio} 倍"),
        "spike": T("{redo_mb} MB of redo on {day_local}: {ratio}× the {baseline_days}-day average of {baseline_mb} MB "
                   "({count} day(s) over {ratio_warning}×)",
                   "{day_local} 产生 REDO {redo_mb} MB，为前 {baseline_days} 天平均值 {baseline_mb} MB 的 {ratio} 倍"
                   "（共 {count} 天超过 {ratio_warning} 倍）"),
        "no_baseline": T("Not rated: {baseline_days} day(s) of archived-log history before the window, {window_days} in it",
                         "未评级：窗口之前仅有 {baseline_days} 天归档日志历史，窗口内 {window_days} 天"),
    },
    remediation=RemediationSpec(
        text=T("Find what generated the redo that day (batch jobs, mass updates, index rebuilds): segments by "
               "DB_BLOCK_CHANGES_DELTA in DBA_HIST_SEG_STAT (licence-free), SQL by redo only with the Diagnostics Pack "
               "(DBA_HIST_SQLSTAT); make sure the archive destination, FRA and "
               "archivelog backups keep up (BAK009, BAK012), and standbys did not fall behind (RUN026).",
               "查明当天产生大量 REDO 的来源（批处理、大批量更新、索引重建）：按 DBA_HIST_SEG_STAT 的 DB_BLOCK_CHANGES_DELTA 查段"
               "（无需许可），按 REDO 排序的 SQL 仅在有 Diagnostics Pack 时查 DBA_HIST_SQLSTAT；确认归档目标、FRA 与归档备份跟得上（BAK009、BAK012），备库未落后（RUN026）。"),
        commands={"oracle": ["SELECT TRUNC(first_time) AS day, ROUND(SUM(blocks * block_size) / 1048576) AS mb FROM v$archived_log "
                             "WHERE dest_id = 1 GROUP BY TRUNC(first_time) ORDER BY 1;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-ARCHIVED_LOG.html"],
    ),
    timeout_s=20,
    basis="window",
)
