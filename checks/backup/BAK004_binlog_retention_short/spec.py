from checks.judges import Levels, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _below(value: float, limit: float | None) -> bool:
    """Strictly below: 6.5 days fails a ">= 7 days" rule, exactly 7 passes (Levels.classify is <=)."""
    return limit is not None and value < limit


@uses("retention_days")
def judge(rows, th, ctx) -> Verdict:
    # The binary log being off never reaches the judge: the spec requires "binlog" (not applicable).
    row = dict(rows[0]) if rows else {}
    size_limit = int(num(row.get("max_binlog_total_size")) or 0)
    days = num(row.get("retention_days"))
    params = {**row, "max_binlog_total_size": size_limit,
              "expire_logs_days": "-" if row.get("expire_logs_days") is None else row.get("expire_logs_days")}
    if days is None:
        if str(row.get("auto_purge") or "ON").upper() == "OFF":
            return Verdict(outcome=Outcome.OK, message="ok_no_auto_purge", params=params)
        return Verdict(outcome=Outcome.OK, message="ok_size_only" if size_limit else "ok_unlimited", params=params)
    params.update(retention_days=days, retention_hours=round(days * 24, 1))
    levels: Levels = th["retention_days"]
    if _below(days, levels.critical):
        outcome = Outcome.CRITICAL
    elif _below(days, levels.warning):
        outcome = Outcome.WARNING
    else:
        outcome = Outcome.OK
    if outcome is Outcome.OK:
        return Verdict(outcome=outcome, message="ok_size" if size_limit else "ok", params=params)
    return Verdict(outcome=outcome, message="short", params=params)


SPEC = CheckSpec(
    code="BAK004",
    name="binlog_retention_short",
    title=T("Binary log kept too briefly", "二进制日志保留时间过短"),
    category="backup",
    tier="daily",
    engines={
        # Without a binary log there is no retention to judge: not applicable. (Whether the binary
        # log should be on is a configuration question, PMM `mysql_config_log_bin`.)
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", requires=("binlog",)),
        "mariadb": EngineSupport(min_version="10.6", privilege="USAGE", requires=("binlog",)),  # binlog_expire_logs_seconds since 10.6.1
    },
    columns=("log_bin", "binlog_expire_logs_seconds", "expire_logs_days", "auto_purge", "max_binlog_total_size",
             "retention_days"),
    thresholds=(
        Threshold(name="retention_days", unit="days", warning=7, critical=1, direction="below",
                  rationale="PMM `mysql_config_binlog_retention_period` wants >= 7 days (catalog MY-BAK-02): strictly "
                            "below 7 days warns (6.5 days does); below 1 day cannot roll a daily backup forward (PMM "
                            "'binary logs removed too quickly' checks >= 1 day)"),
    ),
    judge=judge,
    messages={
        "ok": T("binary log kept {retention_days} days (binlog_expire_logs_seconds {binlog_expire_logs_seconds}, "
                "expire_logs_days {expire_logs_days})",
                "二进制日志保留 {retention_days} 天（binlog_expire_logs_seconds {binlog_expire_logs_seconds}，"
                "expire_logs_days {expire_logs_days}）"),
        "ok_size": T("binary log kept {retention_days} days, unless the binary logs together exceed "
                     "max_binlog_total_size ({max_binlog_total_size} bytes): then the oldest are purged sooner (SHOW "
                     "BINARY LOGS shows what is left)",
                     "二进制日志保留 {retention_days} 天；但所有 binlog 总大小超过 max_binlog_total_size（{max_binlog_total_size} "
                     "字节）时会提前清理最早的文件（用 SHOW BINARY LOGS 查看现存文件）"),
        "ok_size_only": T("binary log has no expiry time; it is purged only when the binary logs together exceed "
                          "max_binlog_total_size ({max_binlog_total_size} bytes): how many days that holds depends on "
                          "the write rate (SHOW BINARY LOGS)",
                          "二进制日志没有按时间过期，仅在总大小超过 max_binlog_total_size（{max_binlog_total_size} 字节）时清理："
                          "能保留多少天取决于写入量（SHOW BINARY LOGS）"),
        "ok_unlimited": T("binary log never expires (binlog_expire_logs_seconds 0, expire_logs_days {expire_logs_days}): every binlog "
                          "since the last manual purge is kept, so point-in-time recovery is covered; purging is left "
                          "to PURGE BINARY LOGS or the backup tool",
                          "二进制日志不会自动过期（binlog_expire_logs_seconds 为 0）：自上次手工清理以来的 binlog 均保留，"
                          "时间点恢复不受影响；清理由 PURGE BINARY LOGS 或备份工具负责"),
        "ok_no_auto_purge": T("binlog_expire_logs_auto_purge is OFF: binary logs are never purged automatically, "
                              "whatever binlog_expire_logs_seconds ({binlog_expire_logs_seconds}) says; they stay until "
                              "PURGE BINARY LOGS or the backup tool removes them",
                              "binlog_expire_logs_auto_purge 为 OFF：无论 binlog_expire_logs_seconds（{binlog_expire_logs_seconds}）"
                              "如何设置都不会自动清理，binlog 一直保留到 PURGE BINARY LOGS 或备份工具删除"),
        "short": T("binary log kept only {retention_days} days ({retention_hours} h; binlog_expire_logs_seconds "
                   "{binlog_expire_logs_seconds}, expire_logs_days {expire_logs_days}; threshold {retention_days_warning} "
                   "days): point-in-time recovery from an older backup is impossible",
                   "二进制日志仅保留 {retention_days} 天（{retention_hours} 小时；binlog_expire_logs_seconds "
                   "{binlog_expire_logs_seconds}，expire_logs_days {expire_logs_days}；阈值 {retention_days_warning} 天）："
                   "无法基于更早的备份做时间点恢复"),
    },
    remediation=RemediationSpec(
        text=T("Keep the binary log at least as long as the interval between full backups plus a margin, typically 7 "
               "days or more, and ship binlogs off the host if backups rely on them. The expiry is dynamic; persist it "
               "in the config (MySQL: SET PERSIST). On MySQL 8.0 set binlog_expire_logs_seconds rather than the "
               "deprecated expire_logs_days (removed in 8.4).",
               "二进制日志保留时长至少覆盖两次全备的间隔并留余量，一般不少于 7 天；若备份依赖 binlog，请将其同步到异机保存。"
               "过期时间可在线修改，并需写入配置文件（MySQL 可用 SET PERSIST）。MySQL 8.0 请设置 binlog_expire_logs_seconds，"
               "不要再用已废弃的 expire_logs_days（8.4 已移除）。"),
        commands={
            "mysql": [
                "SHOW GLOBAL VARIABLES LIKE '%expire_logs%';",
                "SET PERSIST binlog_expire_logs_seconds = 604800;  -- 7 days, kept across restarts",
                "SET PERSIST binlog_expire_logs_auto_purge = ON;   -- 8.0.29+",
                "SHOW BINARY LOGS;",
            ],
            "mariadb": [
                "SHOW GLOBAL VARIABLES LIKE '%expire_logs%';",
                "SET GLOBAL binlog_expire_logs_seconds = 604800;  -- 7 days; also in my.cnf [mariadb]: binlog_expire_logs_seconds = 604800",
                "SHOW BINARY LOGS;",
            ],
        },
        references=["https://mariadb.com/kb/en/replication-and-binary-log-system-variables/#binlog_expire_logs_seconds",
                    "https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html#sysvar_binlog_expire_logs_seconds",
                    "https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html#sysvar_binlog_expire_logs_auto_purge"],
    ),
    timeout_s=5,
)
