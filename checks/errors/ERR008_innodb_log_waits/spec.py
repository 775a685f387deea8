from checks.judges import each_row, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec

_rate = each_row("waits_per_day", "waits_per_day")


@uses("waits_per_day", "min_days")
def judge(rows, th, ctx) -> Verdict:
    # A since-start count with "any wait" as the level warned for months after one bulk load; the
    # waits are averaged per day instead, over at least min_days (a young counter is not extrapolated).
    floor = th["min_days"].value or 0
    rated = []
    for r in rows:
        days, waits = num(r.get("days_since")), num(r.get("log_waits"))
        per_day = None if days is None or waits is None or max(days, floor) <= 0 else round(waits / max(days, floor), 2)
        rated.append({**r, "waits_per_day": per_day,
                      "innodb_log_buffer_mb": round((num(r.get("innodb_log_buffer_size")) or 0) / 1048576, 1)})
    verdict = _rate(rated, th, ctx)
    verdict.params["min_days"] = floor
    return verdict


def window_share(row) -> dict:
    """Window rows: log_waits and log_writes are the in-window increases, so waits_pct is recomputed."""
    waits, writes = num(row.get("log_waits")) or 0, num(row.get("log_writes")) or 0
    return {"waits_pct": round(100.0 * waits / writes, 4) if writes else None}


# Over the window: Innodb_log_waits and Innodb_log_writes from my.status snapshots (FLUSH STATUS leaves InnoDB's
# counters alone, a restart moves the epoch); days_since is then the time the snapshots cover.
WINDOW = WindowSpec(source="my.status", counters={"log_waits": "innodb_log_waits", "log_writes": "innodb_log_writes"},
                    derive=window_share)


SPEC = CheckSpec(
    code="ERR008",
    name="innodb_log_waits",
    title=T("Transactions waiting for the InnoDB redo log buffer", "事务等待 InnoDB 重做日志缓冲区"),
    category="errors",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("log_waits", "log_writes", "waits_pct", "innodb_log_buffer_size", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="waits_per_day", unit="waits/day", warning=10, critical=1000, direction="above",
                  rationale="MySQLTuner flags any Innodb_log_waits and BlueKing alarms on 'InnoDB log waits' (catalog "
                            "MY-ERR-06), both on fresh deltas; averaged since start, 10/day is more than an occasional "
                            "bulk load, 1000/day means the buffer is too small for the normal load"),
        Threshold(name="min_days", unit="days", kind="guard", value=1,
                  rationale="a per-day rate needs a day of counting: younger counters divide by 1 day (the count "
                            "itself), so one bulk load right after a restart is not extrapolated to a day"),
    ),
    judge=judge,
    messages={
        "ok": T("{log_waits} redo log buffer waits since server start {counters_since} (cumulative, not a window "
                "delta): {value} per day, {log_writes} log writes",
                "自实例启动 {counters_since} 以来重做日志缓冲区等待 {log_waits} 次（累计值，非窗口内增量）：平均每天 {value} 次，"
                "日志写入 {log_writes} 次"),
        "problem": T("transactions waited {log_waits} times for a full redo log buffer since server start "
                     "{counters_since} (cumulative, not a window delta): {value} per day over {days_since} days, at "
                     "least {min_days} (threshold {waits_per_day_warning}); {waits_pct}% of {log_writes} log writes, "
                     "innodb_log_buffer_size {innodb_log_buffer_mb} MB",
                     "自实例启动 {counters_since} 以来事务因重做日志缓冲区满等待 {log_waits} 次（累计值，非窗口内增量）：按 "
                     "{days_since} 天、至少 {min_days} 天计平均每天 {value} 次（阈值 {waits_per_day_warning}）；占 "
                     "{log_writes} 次日志写入的 {waits_pct}%，innodb_log_buffer_size {innodb_log_buffer_mb} MB"),
        "window.ok": T("{log_waits} redo log buffer waits in the window ({window_since} to {window_until} from snapshots, "
                       "{coverage_pct}% of the window): {value} per day, {log_writes} log writes",
                       "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）重做日志缓冲区等待 "
                       "{log_waits} 次：平均每天 {value} 次，日志写入 {log_writes} 次"),
        "window.problem": T("transactions waited {log_waits} times for a full redo log buffer in the window "
                            "({window_since} to {window_until} from snapshots, {coverage_pct}% of the window): {value} "
                            "per day over {days_since} days, at least {min_days} (threshold {waits_per_day_warning}); "
                            "{waits_pct}% of {log_writes} log writes, innodb_log_buffer_size {innodb_log_buffer_mb} MB",
                            "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）事务因重做日志缓冲区满"
                            "等待 {log_waits} 次：按 {days_since} 天、至少 {min_days} 天计平均每天 {value} 次（阈值 "
                            "{waits_per_day_warning}）；占 {log_writes} 次日志写入的 {waits_pct}%，innodb_log_buffer_size "
                            "{innodb_log_buffer_mb} MB"),
    },
    remediation=RemediationSpec(
        text=T("Raise innodb_log_buffer_size (e.g. 64–256 MB) and look for very large transactions (bulk loads, big "
               "BLOB writes) that fill it. MariaDB 10.11: the variable is read-only at runtime (SET GLOBAL fails): "
               "set it in the config file and restart. MySQL 8: dynamic, SET PERSIST applies and keeps it.",
               "调大 innodb_log_buffer_size（如 64–256 MB），并排查写满缓冲区的大事务（批量导入、大 BLOB 写入）。"
               "MariaDB 10.11：该参数运行时只读（SET GLOBAL 会报错），需写入配置文件并重启。MySQL 8：可在线修改，"
               "用 SET PERSIST 生效并持久化。"),
        commands={
            "mysql": [
                "SHOW GLOBAL STATUS LIKE 'Innodb_log_wa%';",
                "SET PERSIST innodb_log_buffer_size = 67108864;  -- 64 MB, dynamic in MySQL 8",
            ],
            "mariadb": [
                "SHOW GLOBAL STATUS LIKE 'Innodb_log_wa%';",
                "# my.cnf [mariadb]: innodb_log_buffer_size = 64M   -- read-only at runtime: takes effect at the next restart",
                "systemctl restart mariadb   # in a maintenance window",
            ],
        },
        references=["https://mariadb.com/kb/en/innodb-system-variables/#innodb_log_buffer_size",
                    "https://dev.mysql.com/doc/refman/8.0/en/innodb-parameters.html#sysvar_innodb_log_buffer_size"],
    ),
    timeout_s=5,
)
