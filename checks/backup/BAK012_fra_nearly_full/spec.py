from checks.judges import summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="BAK012",
    name="fra_nearly_full",
    title=T("Oracle fast recovery area nearly full", "Oracle 快速恢复区（FRA）即将写满"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$RECOVERY_FILE_DEST", container="root")},
    columns=("fra_name", "limit_mb", "used_mb", "reclaimable_mb", "free_pct", "files"),
    thresholds=(
        Threshold(name="free_pct", unit="%", warning=15, critical=3, direction="below",
                  rationale="Oracle Enterprise Manager 'Recovery Area' metric: free < 15 % warning, < 3 % critical "
                            "(catalog ORA-RUN-07)"),
    ),
    judge=summary_judge([("free_pct", "free_pct")], problem="low", empty=(Outcome.OK, "no_fra")),
    messages={
        "ok": T("FRA {fra_name}: {free_pct}% free ({used_mb} of {limit_mb} MB used, {reclaimable_mb} MB reclaimable)",
                "FRA {fra_name}：可用 {free_pct}%（已用 {used_mb}/{limit_mb} MB，可回收 {reclaimable_mb} MB）"),
        "low": T("FRA {fra_name} has only {free_pct}% free ({used_mb} of {limit_mb} MB used, {reclaimable_mb} MB reclaimable; "
                 "threshold {free_pct_warning}%): a full FRA stops archiving and then the database",
                 "FRA {fra_name} 仅剩 {free_pct}% 可用（已用 {used_mb}/{limit_mb} MB，可回收 {reclaimable_mb} MB；阈值 "
                 "{free_pct_warning}%）：FRA 写满会使归档停止，继而数据库挂起"),
        "no_fra": T("No fast recovery area configured (DB_RECOVERY_FILE_DEST_SIZE is 0)", "未配置快速恢复区（DB_RECOVERY_FILE_DEST_SIZE 为 0）"),
    },
    remediation=RemediationSpec(
        text=T("See what fills it (V$RECOVERY_AREA_USAGE): back up the archived logs (RMAN deletes them by its "
               "deletion policy, never with rm: files removed by hand stay counted until CROSSCHECK), delete obsolete "
               "backups after reading what RMAN would remove (REPORT OBSOLETE, then DELETE OBSOLETE under the "
               "retention policy you checked with SHOW RETENTION POLICY), check the flashback retention and guaranteed "
               "restore points; raise DB_RECOVERY_FILE_DEST_SIZE only if the disk or ASM disk group behind it has room.",
               "查看占用构成（V$RECOVERY_AREA_USAGE）：备份归档日志（由 RMAN 按删除策略删除，切勿用 rm：手工删除的文件在 CROSSCHECK "
               "前仍计入占用）；先用 REPORT OBSOLETE 查看 RMAN 将删除的内容，并用 SHOW RETENTION POLICY 核对保留策略后再执行 DELETE "
               "OBSOLETE；核对闪回保留时间与担保还原点；仅在底层磁盘或 ASM 磁盘组有空间时才调大 DB_RECOVERY_FILE_DEST_SIZE。"),
        commands={"oracle": ["SELECT file_type, percent_space_used, percent_space_reclaimable FROM v$recovery_area_usage;",
                             "RMAN> SHOW RETENTION POLICY; REPORT OBSOLETE;",
                             "RMAN> BACKUP ARCHIVELOG ALL NOT BACKED UP 1 TIMES;",
                             "RMAN> DELETE OBSOLETE;  -- asks before deleting; check REPORT OBSOLETE first",
                             "SELECT name, guarantee_flashback_database FROM v$restore_point;",
                             "ALTER SYSTEM SET db_recovery_file_dest_size = <size> SCOPE = BOTH SID = '*';"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-RECOVERY_FILE_DEST.html"],
    ),
    timeout_s=5,
)
