from checks.judges import num, summary_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_summary = summary_judge([("oldest_age_h", "oldest_age_h")], problem="old")


@uses("oldest_age_h")
def judge(rows, th, ctx) -> Verdict:
    """A standby whose control file knows of no archived log ever backed up has its archivelog backups
    taken on the primary: its own logs go by the deletion policy (APPLIED ON ALL STANDBY), not by backups."""
    standby = str((ctx.facts or {}).get("role") or "") == "standby"
    if standby and rows and not (num(rows[0].get("backed_up_logs")) or 0):
        return Verdict(outcome=Outcome.OK, message="not_here", params=dict(rows[0]), evidence=rows)
    return _summary(rows, th, ctx)

SPEC = CheckSpec(
    code="BAK009",
    name="archivelogs_not_backed_up",
    title=T("Oracle archived logs not backed up", "Oracle 归档日志未备份"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$ARCHIVED_LOG", requires=("archiving",),
                                     container="root")},
    columns=("not_backed_up", "oldest_age_h", "size_mb", "backed_up_logs"),
    thresholds=(
        Threshold(name="oldest_age_h", unit="h", warning=24, critical=48, direction="above",
                  rationale="archived logs backed up at least daily (catalog ORA-BAK-02 names the condition, no threshold): "
                            "one missed day warns, two are critical — a loss of the disk then loses that much redo (ours)"),
    ),
    judge=judge,
    messages={
        "ok": T("{not_backed_up} archived log(s) not yet backed up, none older than {oldest_age_h_warning} h",
                "{not_backed_up} 个归档日志尚未备份，均未超过 {oldest_age_h_warning} 小时"),
        "old": T("{not_backed_up} archived log(s) ({size_mb} MB) never backed up; the oldest completed {oldest_age_h} h ago",
                 "{not_backed_up} 个归档日志（{size_mb} MB）从未备份；最早的一个已生成 {oldest_age_h} 小时"),
        "not_here": T("This standby's control file knows of no archived log ever backed up: archivelog backups run on the "
                      "primary ({not_backed_up} log(s) here are kept by the deletion policy)",
                      "此备库控制文件中没有任何已备份的归档日志：归档备份在主库执行（此处 {not_backed_up} 个日志按删除策略保留）"),
    },
    remediation=RemediationSpec(
        text=T("Run the archivelog backup (BACKUP ARCHIVELOG ALL NOT BACKED UP 1 TIMES) and check why the scheduled "
               "one did not (BAK007). Do not delete archived logs that were never backed up.",
               "执行归档日志备份（BACKUP ARCHIVELOG ALL NOT BACKED UP 1 TIMES），并查明计划备份为何未执行（见 BAK007）。"
               "切勿删除从未备份的归档日志。"),
        commands={"oracle": ["RMAN> BACKUP ARCHIVELOG ALL NOT BACKED UP 1 TIMES;", "RMAN> LIST ARCHIVELOG ALL BACKED UP 0 TIMES TO DEVICE TYPE DISK;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-ARCHIVED_LOG.html"],
    ),
    timeout_s=20,
)
