from checks.judges import Levels, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("retention_days")
def judge(rows, th, ctx) -> Verdict:
    row = dict(rows[0]) if rows else {}
    if not int(num(row.get("log_bin")) or 0):
        return Verdict(outcome=Outcome.WARNING, message="binlog_off", params=row)
    days = num(row.get("retention_days"))
    if days is None:
        return Verdict(outcome=Outcome.OK, message="ok_unlimited", params=row)
    levels: Levels = th["retention_days"]
    outcome = levels.classify(days)
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "short",
                   params={**row, "retention_days": days})


SPEC = CheckSpec(
    code="BAK004",
    name="binlog_retention_short",
    title=T("Binary log off or kept too briefly", "二进制日志未开启或保留时间过短"),
    category="backup",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.6", privilege="USAGE"),  # binlog_expire_logs_seconds since 10.6.1
    },
    columns=("log_bin", "binlog_expire_logs_seconds", "retention_days"),
    thresholds=(
        Threshold(name="retention_days", unit="days", warning=6, critical=1, direction="below",
                  rationale="PMM `mysql_config_binlog_retention_period` wants >= 7 days (catalog MY-BAK-02): warn at 6 "
                            "days or less; 1 day or less cannot roll a daily backup forward"),
    ),
    judge=judge,
    messages={
        "ok": T("binary log on, kept {retention_days} days (binlog_expire_logs_seconds {binlog_expire_logs_seconds})",
                "二进制日志已开启，保留 {retention_days} 天（binlog_expire_logs_seconds {binlog_expire_logs_seconds}）"),
        "ok_unlimited": T("binary log on and never purged automatically (binlog_expire_logs_seconds 0): make sure the "
                          "backup tool or a job purges it, or the disk fills",
                          "二进制日志已开启且不自动清理（binlog_expire_logs_seconds 为 0）：请确认由备份工具或定时任务清理，"
                          "否则会写满磁盘"),
        "short": T("binary log kept only {retention_days} days (threshold {retention_days_warning} days): point-in-time "
                   "recovery from an older backup is impossible",
                   "二进制日志仅保留 {retention_days} 天（阈值 {retention_days_warning} 天）：无法基于更早的备份做时间点恢复"),
        "binlog_off": T("binary log is off (log_bin OFF): no point-in-time recovery past the last backup and no "
                        "replication source",
                        "二进制日志未开启（log_bin 为 OFF）：只能恢复到最后一次备份，无法做时间点恢复，也不能作为复制主库"),
    },
    remediation=RemediationSpec(
        text=T("Enable the binary log (log_bin in the server config, restart needed, with a unique server_id) and keep "
               "it at least as long as the interval between full backups plus a margin, typically 7 days or more; "
               "ship binlogs off the host if backups rely on them.",
               "开启二进制日志（在配置文件中设置 log_bin 并指定唯一 server_id，需要重启），保留时长至少覆盖两次全备的间隔并留余量，"
               "一般不少于 7 天；若备份依赖 binlog，请将其同步到异机保存。"),
        commands={
            "mysql": [
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_expire_logs_seconds', 'expire_logs_days');",
                "SET GLOBAL binlog_expire_logs_seconds = 604800;  -- 7 days; also put it in my.cnf",
                "# my.cnf [mysqld]: log_bin = /var/lib/mysql/binlog, server_id = <unique>, binlog_expire_logs_seconds = 604800",
                "SHOW BINARY LOGS;",
            ],
        },
        references=["https://mariadb.com/kb/en/replication-and-binary-log-system-variables/#binlog_expire_logs_seconds",
                    "https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html#sysvar_binlog_expire_logs_seconds"],
    ),
    timeout_s=5,
)
