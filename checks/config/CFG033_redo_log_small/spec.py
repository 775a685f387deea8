from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, parse_version
from dbpatrol.results import Outcome


def _size(v: float) -> str:
    return f"{v / 1024 ** 3:.1f} GB" if v >= 1024 ** 3 else f"{v / 1024 ** 2:.0f} MB"


@uses("redo_pct_of_pool_min", "redo_hours_min", "min_uptime_s")
def judge(rows, th, ctx) -> Verdict:
    """Redo logging switched off (PMM mysql_config_innodb_redolog_disabled: Innodb_redo_log_enabled OFF,
    MySQL 8.0.21+) is CRITICAL. Then two signs the redo log is too small: below redo_pct_of_pool_min of the
    buffer pool (MySQLTuner's 25 % rule, flagged under 20 %; MySQLTuner applies it to MariaDB and MySQL
    before 8.0.30 only), and smaller than redo_hours_min hours of the average redo write rate since the
    start (MySQLTuner 8.0.30+ and PMM: an hour of writes should fit), judged once the server has run
    min_uptime_s. MySQL 8.0.30+ with innodb_dedicated_server ON sizes innodb_redo_log_capacity itself
    (MySQLTuner: no recommendation)."""
    row = rows[0] if rows else {}
    redo, bp = num(row.get("redo_bytes")) or 0, num(row.get("buffer_pool_bytes")) or 0
    written, uptime = num(row.get("log_written_bytes")) or 0, num(row.get("uptime_s")) or 0
    pct = round(100 * redo / bp, 1) if bp else None
    hourly = written / (uptime / 3600) if uptime else 0
    params = {**row, "redo": _size(redo), "buffer_pool": _size(bp), "redo_pct": pct, "hourly": _size(hourly),
              "min_pct": th["redo_pct_of_pool_min"].value, "hours": th["redo_hours_min"].value}
    if str(row.get("redo_enabled") or "").upper() == "OFF":
        return Verdict(outcome=Outcome.CRITICAL, message="disabled", params=params, evidence=rows)
    capacity = ctx.engine == "mysql" and parse_version(ctx.server_version or "0") >= (8, 0, 30)
    if capacity and str(row.get("dedicated_server") or "").upper() == "ON":
        return Verdict(outcome=Outcome.OK, message="dedicated", params=params, evidence=rows)
    if (not capacity and pct is not None and th["redo_pct_of_pool_min"].value is not None
            and pct < th["redo_pct_of_pool_min"].value):
        return Verdict(outcome=Outcome.WARNING, message="ratio", params=params, evidence=rows)
    hours, min_up = th["redo_hours_min"].value, th["min_uptime_s"].value or 0
    if hours is not None and uptime >= min_up and hourly and redo < hours * hourly:
        return Verdict(outcome=Outcome.WARNING, message="rate", params=params, evidence=rows)
    return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows)


SPEC = CheckSpec(
    code="CFG033",
    name="redo_log_small",
    title=T("InnoDB redo log too small for the buffer pool or the write rate", "InnoDB 重做日志相对缓冲池或写入量过小"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.5", privilege="USAGE"),
    },
    columns=("redo_bytes", "buffer_pool_bytes", "log_written_bytes", "uptime_s", "redo_enabled", "dedicated_server"),
    thresholds=(
        Threshold(name="redo_pct_of_pool_min", unit="% of the buffer pool", kind="guard", value=20,
                  rationale="MySQLTuner (innodb_log_size_pct; catalog MY-CFG-03 'about 25 % of the buffer pool'): flagged "
                            "below 20 %, on MariaDB and MySQL before 8.0.30 (from 8.0.30 MySQLTuner judges "
                            "innodb_redo_log_capacity by the write rate only: redo_hours_min). MySQLTuner also flags "
                            "above 30 %; not here — a large redo log only lengthens crash recovery"),
        Threshold(name="redo_hours_min", unit="hours of redo writes", kind="guard", value=1,
                  rationale="MySQLTuner 8.0.30+ (redo capacity below the hourly Innodb_os_log_written rate) and PMM "
                            "mysql_innodb_redo_logs_not_sized_correctly (redo written per hour above the capacity)"),
        Threshold(name="min_uptime_s", unit="s", kind="guard", value=3600,
                  rationale="MySQLTuner gives no rate recommendation under an hour of uptime"),
    ),
    judge=judge,
    messages={
        "ok": T("The redo log ({redo}) is {redo_pct} % of the buffer pool ({buffer_pool}) and holds more than {hours} "
                "hour(s) of the average write rate ({hourly} per hour)",
                "重做日志（{redo}）为缓冲池（{buffer_pool}）的 {redo_pct}%，可容纳超过 {hours} 小时的平均写入量（每小时 {hourly}）"),
        "disabled": T("InnoDB redo logging is disabled (Innodb_redo_log_enabled = OFF, ALTER INSTANCE DISABLE INNODB "
                      "REDO_LOG; PMM mysql_config_innodb_redolog_disabled): a crash or unclean stop loses the instance "
                      "— meant for loading a new instance only, never for production",
                      "InnoDB 重做日志已被禁用（Innodb_redo_log_enabled = OFF，ALTER INSTANCE DISABLE INNODB REDO_LOG；PMM "
                      "mysql_config_innodb_redolog_disabled）：一旦崩溃或非正常停止，整个实例都无法恢复——仅用于向新实例导入数据，"
                      "切勿用于生产"),
        "dedicated": T("innodb_dedicated_server = ON: MySQL sizes the redo log itself (innodb_redo_log_capacity {redo}, "
                       "{hourly} written per hour on average)",
                       "innodb_dedicated_server = ON：MySQL 自行确定重做日志大小（innodb_redo_log_capacity {redo}，平均每小时写入 "
                       "{hourly}）"),
        "ratio": T("The redo log ({redo}) is {redo_pct} % of the buffer pool ({buffer_pool}), under {min_pct} %: "
                   "checkpoints come too often and flushing turns synchronous under load",
                   "重做日志（{redo}）仅为缓冲池（{buffer_pool}）的 {redo_pct}%，低于 {min_pct}%：检查点过于频繁，负载高时刷盘变为同步"),
        "rate": T("The redo log ({redo}) holds less than {hours} hour(s) of redo at the average rate since the start "
                  "({hourly} per hour): checkpoints are forced by log space, not by time",
                  "按启动以来的平均写入速度（每小时 {hourly}），重做日志（{redo}）容纳不了 {hours} 小时：检查点由日志空间而非时间驱动"),
    },
    remediation=RemediationSpec(
        text=T("Redo logging disabled: ALTER INSTANCE ENABLE INNODB REDO_LOG now, and take a fresh backup (a crash "
               "while it was off may have left the instance unrecoverable). Grow the redo log to at least an hour of "
               "writes (MySQL before 8.0.30 and MariaDB: also about a quarter of the buffer pool). MySQL 8.0.30+: "
               "innodb_redo_log_capacity is dynamic (SET PERSIST); before 8.0.30 innodb_log_file_size needs a restart. "
               "MariaDB 10.9+: SET GLOBAL innodb_log_file_size (resized online) and the config file.",
               "重做日志被禁用时：立即执行 ALTER INSTANCE ENABLE INNODB REDO_LOG，并重新做一次完整备份（禁用期间的崩溃可能已使实例"
               "无法恢复）。把重做日志调到至少容纳一小时的写入量（MySQL 8.0.30 之前及 MariaDB：另需约为缓冲池的四分之一）。"
               "MySQL 8.0.30+：innodb_redo_log_capacity 可在线修改"
               "（SET PERSIST）；8.0.30 之前 innodb_log_file_size 需重启。MariaDB 10.9+：SET GLOBAL innodb_log_file_size（在线调整）"
               "并写入配置文件。"),
        commands={
            "mysql": ["SET PERSIST innodb_redo_log_capacity = <bytes>;  -- 8.0.30+",
                      "ALTER INSTANCE ENABLE INNODB REDO_LOG;  -- when disabled (INNODB_REDO_LOG_ENABLE privilege)"],
            "mariadb": ["SET GLOBAL innodb_log_file_size = <bytes>;  -- 10.9+", "# my.cnf [mariadb]: innodb_log_file_size = <size>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-redo-log.html#innodb-modifying-redo-log-capacity",
                    "https://mariadb.com/kb/en/innodb-redo-log/"],
    ),
    timeout_s=5,
)
