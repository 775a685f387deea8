from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _size(v: float) -> str:
    return f"{v / 1024 ** 3:.1f} GB" if v >= 1024 ** 3 else f"{v / 1024 ** 2:.0f} MB"


@uses("redo_pct_of_pool_min", "redo_hours_min", "min_uptime_s")
def judge(rows, th, ctx) -> Verdict:
    """Two signs the redo log is too small: below redo_pct_of_pool_min of the buffer pool (MySQLTuner's 25 %
    rule, flagged under 20 %), and smaller than redo_hours_min hours of the average redo write rate since
    the start (MySQLTuner 8.0.30+ and PMM: an hour of writes should fit), judged once the server has run
    min_uptime_s."""
    row = rows[0] if rows else {}
    redo, bp = num(row.get("redo_bytes")) or 0, num(row.get("buffer_pool_bytes")) or 0
    written, uptime = num(row.get("log_written_bytes")) or 0, num(row.get("uptime_s")) or 0
    pct = round(100 * redo / bp, 1) if bp else None
    hourly = written / (uptime / 3600) if uptime else 0
    params = {**row, "redo": _size(redo), "buffer_pool": _size(bp), "redo_pct": pct, "hourly": _size(hourly),
              "min_pct": th["redo_pct_of_pool_min"].value, "hours": th["redo_hours_min"].value}
    if pct is not None and th["redo_pct_of_pool_min"].value is not None and pct < th["redo_pct_of_pool_min"].value:
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
    columns=("redo_bytes", "buffer_pool_bytes", "log_written_bytes", "uptime_s"),
    thresholds=(
        Threshold(name="redo_pct_of_pool_min", unit="% of the buffer pool", kind="guard", value=20,
                  rationale="MySQLTuner (innodb_log_size_pct; catalog MY-CFG-03 'about 25 % of the buffer pool'): flagged "
                            "below 20 %. MySQLTuner also flags above 30 %; not here — a large redo log only lengthens "
                            "crash recovery"),
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
        "ratio": T("The redo log ({redo}) is {redo_pct} % of the buffer pool ({buffer_pool}), under {min_pct} %: "
                   "checkpoints come too often and flushing turns synchronous under load",
                   "重做日志（{redo}）仅为缓冲池（{buffer_pool}）的 {redo_pct}%，低于 {min_pct}%：检查点过于频繁，负载高时刷盘变为同步"),
        "rate": T("The redo log ({redo}) holds less than {hours} hour(s) of redo at the average rate since the start "
                  "({hourly} per hour): checkpoints are forced by log space, not by time",
                  "按启动以来的平均写入速度（每小时 {hourly}），重做日志（{redo}）容纳不了 {hours} 小时：检查点由日志空间而非时间驱动"),
    },
    remediation=RemediationSpec(
        text=T("Grow the redo log to about a quarter of the buffer pool and at least an hour of writes. MySQL 8.0.30+: "
               "innodb_redo_log_capacity is dynamic (SET PERSIST); before 8.0.30 innodb_log_file_size needs a restart. "
               "MariaDB 10.9+: SET GLOBAL innodb_log_file_size (resized online) and the config file.",
               "把重做日志调到缓冲池的约四分之一、且至少容纳一小时的写入量。MySQL 8.0.30+：innodb_redo_log_capacity 可在线修改"
               "（SET PERSIST）；8.0.30 之前 innodb_log_file_size 需重启。MariaDB 10.9+：SET GLOBAL innodb_log_file_size（在线调整）"
               "并写入配置文件。"),
        commands={
            "mysql": ["SET PERSIST innodb_redo_log_capacity = <bytes>;  -- 8.0.30+"],
            "mariadb": ["SET GLOBAL innodb_log_file_size = <bytes>;  -- 10.9+", "# my.cnf [mariadb]: innodb_log_file_size = <size>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-redo-log.html#innodb-modifying-redo-log-capacity",
                    "https://mariadb.com/kb/en/innodb-redo-log/"],
    ),
    timeout_s=5,
)
