from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _never(row, ctx):
    if row.get("base_age_days") is None:
        return Outcome.CRITICAL, "never"
    return None


SPEC = CheckSpec(
    code="BAK008",
    name="datafile_backup_stale",
    title=T("Oracle datafiles without a recent full / level 0 backup", "Oracle 数据文件缺少近期的全量/0 级备份"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$DATAFILE, SELECT ON V_$BACKUP_DATAFILE",
                                     container="root")},
    columns=("file_no", "file_name", "last_base_backup", "base_age_days"),
    thresholds=(
        Threshold(name="base_age_days", unit="days", warning=8, critical=15, direction="above",
                  rationale="a weekly level 0 + daily level 1 cycle (Oracle Backup and Recovery User's Guide 19c, "
                            "'Incremental Backups'); one missed weekly base warns, two are critical (ours; catalog "
                            "ORA-BAK-03 names no threshold)"),
    ),
    judge=rows_judge([("base_age_days", "base_age_days")], problem="stale", flag=_never),
    messages={
        "ok": T("Every datafile has a full / level 0 backup younger than {base_age_days_warning} days ({total} files)",
                "全部 {total} 个数据文件都有 {base_age_days_warning} 天内的全量/0 级备份"),
        "stale": T("Datafile {file_no} ({file_name}): newest full / level 0 backup {last_base_backup}, {base_age_days} days "
                   "old; {count} file(s) over the threshold",
                   "数据文件 {file_no}（{file_name}）最近一次全量/0 级备份为 {last_base_backup}，已 {base_age_days} 天；"
                   "共 {count} 个文件超过阈值"),
        "never": T("Datafile {file_no} ({file_name}) has no full / level 0 backup in the control file records",
                   "数据文件 {file_no}（{file_name}）在控制文件记录中没有任何全量/0 级备份"),
    },
    remediation=RemediationSpec(
        text=T("Take a level 0 backup of the files reported (BACKUP INCREMENTAL LEVEL 0 DATAFILE n) and check why "
               "the scheduled one did not cover them (new file added after the last base, job failing — BAK007). "
               "Records older than CONTROL_FILE_RECORD_KEEP_TIME may be gone: with a recovery catalog, confirm there.",
               "对所报告的文件执行 0 级备份（BACKUP INCREMENTAL LEVEL 0 DATAFILE n），并查明计划备份为何未覆盖"
               "（上次基准备份后新增了文件、作业失败——见 BAK007）。超过 CONTROL_FILE_RECORD_KEEP_TIME 的记录可能已被覆盖："
               "如有恢复目录请在目录中确认。"),
        commands={"oracle": ["RMAN> LIST BACKUP OF DATAFILE <n> SUMMARY;", "RMAN> REPORT NEED BACKUP DAYS 8;",
                             "RMAN> BACKUP INCREMENTAL LEVEL 0 DATAFILE <n>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-BACKUP_DATAFILE.html"],
    ),
    timeout_s=20,
    object_key=("file_no",),
)
