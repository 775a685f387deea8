from checks.backup_tools import WINDOW_COLUMNS
from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _truthy(v) -> bool:
    return v is True or str(v).lower() in ("1", "true", "t", "yes")


def _rate(row, need):
    if (num(row.get("failed_in_window")) or 0) > 0:
        return Outcome.CRITICAL, "failed"
    if need is not None and (num(row.get("good_in_window")) or 0) < need:
        return Outcome.WARNING, "missing" if _truthy(row.get("records_failures")) else "missing_unrecorded"
    return Outcome.OK, "ok"


@uses("min_backups")
def judge(rows, th, ctx) -> Verdict:
    need = th["min_backups"].value
    rated = sorted(((r, *_rate(r, need)) for r in rows), key=lambda x: -x[1].rank)
    row, outcome, message = rated[0]
    running = _truthy(row.get("running_now"))
    params = {**row, "need": int(need or 0),
              "running": " (a backup is running now)" if running else "", "running_zh": "（当前有备份正在运行）" if running else "",
              "failed_error": row.get("failed_error") or "-", "count": sum(1 for _, o, _ in rated if o is not Outcome.OK),
              "total": len(rows)}
    return Verdict(outcome=outcome, message=message, params=params, evidence=[r for r, _, _ in rated],
                   objects={ctx.object_of(r): o for r, o, _ in rated})


SPEC = CheckSpec(
    code="BAK015",
    name="backup_failed_in_window",
    title=T("Backups failed or missing inside the window, by the backup tool's own record",
            "按备份工具自身记录，窗口内备份失败或缺失"),
    category="backup",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
        "mysql": EngineSupport(min_version="5.7", privilege="PROCESS"),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=WINDOW_COLUMNS,
    thresholds=(
        Threshold(name="min_backups", unit="backups", kind="guard", value=1,
                  rationale="a daily tier expects at least one good backup per day (the pgBackRest User Guide's schedule "
                            "runs one every day, full or differential; BlueKing 备份巡检 checks each day's backup, catalog "
                            "MY-BAK-01; database.ink 备份成功率 for RMAN, BAK007); set 0 where backups run less often"),
    ),
    judge=judge,
    messages={
        "ok": T("{source} ({tool}): {good_in_window} good backup(s) finished inside the window, none failed{running}",
                "{source}（{tool}）：窗口内完成 {good_in_window} 次成功备份，无失败{running_zh}"),
        "failed": T("{source} ({tool}): {failed_in_window} of {backups_in_window} backup(s) inside the window failed or "
                    "completed with errors, newest {newest_failed_label} at {newest_failed_stop}: {failed_error} "
                    "(failed: {failed_labels}){running}",
                    "{source}（{tool}）：窗口内 {backups_in_window} 次备份中有 {failed_in_window} 次失败或带错误完成，"
                    "最近一次 {newest_failed_label} 于 {newest_failed_stop}：{failed_error}（失败：{failed_labels}）{running_zh}"),
        "missing": T("{source} ({tool}): {good_in_window} good backup(s) finished inside the window (expected at least "
                     "{need}){running}",
                     "{source}（{tool}）：窗口内仅完成 {good_in_window} 次成功备份（应至少 {need} 次）{running_zh}"),
        "missing_unrecorded": T(
            "{source} ({tool}): {good_in_window} good backup(s) finished inside the window (expected at least {need}){running}. "
            "The tool records completed backups only: a run that failed or was killed leaves no record, so a failed "
            "scheduled backup shows as this — read the tool's log and the scheduler's",
            "{source}（{tool}）：窗口内仅完成 {good_in_window} 次成功备份（应至少 {need} 次）{running_zh}。"
            "该工具只记录完成的备份：失败或被终止的运行不留记录，计划备份失败时即表现为此——请查看工具日志与调度日志"),
    },
    remediation=RemediationSpec(
        text=T("Read the failed run's own log (pgBackRest: the log-path's <stanza>-backup.log; mariadb-backup / XtraBackup: "
               "the job's output; MySQL Enterprise Backup: last_error in mysql.backup_history and mysql.backup_progress), fix "
               "the cause (space, permissions, archive_command, the connection) and run the backup again the same day. A "
               "pgBackRest backup that completed with errors (page checksum errors) copied corrupted pages: find them "
               "(pg_checksums --check on a stopped copy, amcheck) before trusting the backup.",
               "查看失败那次备份的日志（pgBackRest：log-path 下的 <stanza>-backup.log；mariadb-backup / XtraBackup：作业输出；"
               "MySQL Enterprise Backup：mysql.backup_history 的 last_error 及 mysql.backup_progress），修复原因（空间、权限、"
               "archive_command、连接）并于当天重新备份。pgBackRest 备份带错误完成（页校验和错误）说明复制了损坏的数据页："
               "在信任该备份之前先找出它们（在停止的副本上运行 pg_checksums --check、amcheck）。"),
        commands={
            "postgresql": ["pgbackrest --stanza=<stanza> info", "pgbackrest --stanza=<stanza> --set=<label> info",
                           "tail -100 /var/log/pgbackrest/<stanza>-backup.log"],
            "mariadb": ["SELECT name, incremental, start_time, end_time FROM mysql.mariadb_backup_history "
                        "ORDER BY end_time DESC LIMIT 10;"],
            "mysql": ["SELECT backup_id, backup_type, exit_state, last_error, end_time FROM mysql.backup_history "
                      "WHERE exit_state <> 'SUCCESS' ORDER BY end_time DESC LIMIT 10;"],
        },
        references=["https://pgbackrest.org/command.html#command-info",
                    "https://mariadb.com/kb/en/mariabackup-options/#-history",
                    "https://dev.mysql.com/doc/mysql-enterprise-backup/8.0/en/trouble.logging.html"],
    ),
    timeout_s=30,
    basis="window",
    object_key=("source",),
)
