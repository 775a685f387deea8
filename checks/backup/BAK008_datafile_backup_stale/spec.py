from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _never(row, ctx):
    if row.get("base_age_days") is None:
        return Outcome.CRITICAL, "never"
    return None


_rows = rows_judge([("base_age_days", "base_age_days")], problem="stale", flag=_never)


@uses("base_age_days")
def judge(rows, th, ctx) -> Verdict:
    """A standby whose control file records no base for any file has its backups taken on the primary
    (each control file records only its own backups): nothing to judge there."""
    standby = str((ctx.facts or {}).get("role") or "") == "standby"
    if standby and rows and not (num(rows[0].get("files_with_base")) or 0):
        return Verdict(outcome=Outcome.OK, message="not_here", params={"total": len(rows)}, evidence=[])
    return _rows(rows, th, ctx)


SPEC = CheckSpec(
    code="BAK008",
    name="datafile_backup_stale",
    title=T("Oracle datafiles without a recent full / level 0 backup", "Oracle 数据文件缺少近期的全量/0 级备份"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$DATAFILE, SELECT ON V_$BACKUP_DATAFILE, "
                                                                    "SELECT ON V_$BACKUP_PIECE, SELECT ON V_$DATAFILE_COPY",
                                     container="root")},
    columns=("file_no", "file_name", "base_kind", "last_base_backup", "base_age_days", "files_with_base"),
    thresholds=(
        Threshold(name="base_age_days", unit="days", warning=8, critical=15, direction="above",
                  rationale="a weekly level 0 + daily level 1 cycle (Oracle Backup and Recovery User's Guide 19c, "
                            "'Incremental Backups'); one missed weekly base warns, two are critical (ours; catalog "
                            "ORA-BAK-03 names no threshold)"),
    ),
    judge=judge,
    messages={
        "ok": T("Every datafile has a full / level 0 backup younger than {base_age_days_warning} days ({total} files)",
                "全部 {total} 个数据文件都有 {base_age_days_warning} 天内的全量/0 级备份"),
        "stale": T("Datafile {file_no} ({file_name}): newest full / level 0 backup ({base_kind}) {last_base_backup}, "
                   "{base_age_days} days old; {count} file(s) over the threshold",
                   "数据文件 {file_no}（{file_name}）最近一次全量/0 级备份（{base_kind}）为 {last_base_backup}，已 {base_age_days} 天；"
                   "共 {count} 个文件超过阈值"),
        "never": T("Datafile {file_no} ({file_name}) has no available full / level 0 backup set or image copy in the "
                   "control file records",
                   "数据文件 {file_no}（{file_name}）在控制文件记录中没有任何可用的全量/0 级备份集或镜像副本"),
        "not_here": T("This standby's control file records no datafile backup ({total} files): backups are taken on the "
                      "primary (check them there, or in the recovery catalog)",
                      "此备库的控制文件中没有任何数据文件备份记录（共 {total} 个文件）：备份在主库执行（请在主库或恢复目录中检查）"),
    },
    remediation=RemediationSpec(
        text=T("Take a level 0 backup of the files reported (BACKUP INCREMENTAL LEVEL 0 DATAFILE n) and check why "
               "the scheduled one did not cover them (new file added after the last base, job failing — BAK007). "
               "Records older than CONTROL_FILE_RECORD_KEEP_TIME may be gone: with a recovery catalog, confirm there. "
               "Where backups run on the Data Guard standby, the primary's control file does not see them: judge "
               "them on the standby or in the catalog, and disable this check on the primary.",
               "对所报告的文件执行 0 级备份（BACKUP INCREMENTAL LEVEL 0 DATAFILE n），并查明计划备份为何未覆盖"
               "（上次基准备份后新增了文件、作业失败——见 BAK007）。超过 CONTROL_FILE_RECORD_KEEP_TIME 的记录可能已被覆盖："
               "如有恢复目录请在目录中确认。若备份在 Data Guard 备库上执行，主库控制文件看不到这些备份：请在备库或恢复目录中判断，"
               "并在主库上禁用此检查。"),
        commands={"oracle": ["RMAN> LIST BACKUP OF DATAFILE <n> SUMMARY;", "RMAN> REPORT NEED BACKUP DAYS 8;",
                             "RMAN> BACKUP INCREMENTAL LEVEL 0 DATAFILE <n>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-BACKUP_DATAFILE.html"],
    ),
    timeout_s=20,
    object_key=("file_no",),
)
