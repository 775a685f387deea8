from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR002",
    name="deadlocks_detected",
    title=T("Deadlocks", "死锁"),
    category="errors",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
        "mysql": EngineSupport(min_version="8.0", privilege="PROCESS"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("scope", "deadlocks", "since", "days_since", "deadlocks_per_day"),
    thresholds=(
        Threshold(name="deadlocks_per_day", unit="deadlocks/day", warning=1, critical=10, direction="above",
                  rationale="pg-healthcheck G04-004 warns on any deadlock in a window (catalog PG-RUN-07, MY-ERR-05); "
                            "without own snapshots the daily tier averages since stats reset: 1/day warn, 10/day crit"),
    ),
    judge=each_row("deadlocks_per_day", "deadlocks_per_day"),
    messages={
        "ok": T("{deadlocks} deadlocks in {scope} since {since} (stats reset / server start; not a window delta), "
                "{value} per day",
                "{scope} 自 {since}（统计重置或实例启动）以来共 {deadlocks} 次死锁（非窗口内增量），平均每天 {value} 次"),
        "problem": T("{deadlocks} deadlocks in {scope} since {since} (stats reset / server start; not a window delta): "
                     "{value} per day on average (threshold {deadlocks_per_day_warning}); {count} of {total} scopes over",
                     "{scope} 自 {since}（统计重置或实例启动）以来共 {deadlocks} 次死锁（非窗口内增量）：平均每天 {value} 次"
                     "（阈值 {deadlocks_per_day_warning}）；{total} 个统计范围中 {count} 个超限"),
    },
    remediation=RemediationSpec(
        text=T("Find the transactions involved (PostgreSQL logs every deadlock with both statements; MariaDB/MySQL: "
               "SHOW ENGINE INNODB STATUS shows the latest, innodb_print_all_deadlocks = ON logs all) and make them "
               "take locks in the same order, keep transactions short, and retry on deadlock errors in the application.",
               "找出参与死锁的事务（PostgreSQL 日志会记录每次死锁的双方语句；MariaDB/MySQL 用 SHOW ENGINE INNODB STATUS 查看最近一次，"
               "开启 innodb_print_all_deadlocks 可记录全部），让事务按相同顺序加锁、缩短事务，并在应用中对死锁错误重试。"),
        commands={
            "postgresql": [
                "SELECT datname, deadlocks, stats_reset FROM pg_stat_database ORDER BY deadlocks DESC;",
                "grep -A8 'deadlock detected' /var/log/postgresql/postgresql-*-main.log | tail -60",
            ],
            "mysql": [
                "SHOW ENGINE INNODB STATUS\\G  -- section LATEST DETECTED DEADLOCK (needs PROCESS)",
                "SET GLOBAL innodb_print_all_deadlocks = ON;  -- every deadlock goes to the error log",
            ],
        },
        references=["https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-DEADLOCKS",
                    "https://mariadb.com/kb/en/innodb-system-variables/#innodb_print_all_deadlocks",
                    "https://dev.mysql.com/doc/refman/8.0/en/innodb-deadlocks.html"],
    ),
    timeout_s=5,
)
