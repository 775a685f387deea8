from checks.judges import each_row, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

_rate = each_row("deadlocks_per_day", "deadlocks_per_day")


def per_day(count, days, floor):
    """count / days, with days floored at the min_days guard: a young counter is not extrapolated."""
    count, days = num(count), num(days)
    if count is None or days is None or max(days, floor or 0) <= 0:
        return None
    return round(count / max(days, floor or 0), 2)


@uses("deadlocks_per_day", "min_days")
def judge(rows, th, ctx) -> Verdict:
    if rows and any(r.get("deadlock_detect") is not None and not int(num(r.get("deadlock_detect")) or 0) for r in rows):
        # MySQL/MariaDB innodb_deadlock_detect = OFF: deadlocks end as lock wait timeouts, none is counted
        return Verdict(outcome=Outcome.SKIPPED, message="not_detected", params=dict(rows[0]), evidence=rows)
    if rows and not all(int(num(r.get("counter_enabled")) or 0) for r in rows):
        # MySQL: the lock_deadlocks monitor was disabled (innodb_monitor_disable): it counts nothing.
        return Verdict(outcome=Outcome.SKIPPED, message="not_applicable", params=dict(rows[0]), evidence=rows)
    floor = th["min_days"].value
    rated = [{**r, "deadlocks_per_day": per_day(r.get("deadlocks"), r.get("days_since"), floor)} for r in rows]
    verdict = _rate(rated, th, ctx)
    verdict.params["min_days"] = floor
    return verdict


SPEC = CheckSpec(
    code="ERR002",
    name="deadlocks_detected",
    title=T("Deadlocks", "死锁"),
    category="errors",
    tier="daily",
    engines={
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash while the postmaster ran
        # (17+'s pg_stat_reset_shared() stamps the shared views as a crash does, and must not restart the counters)
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats",
                                    window=WindowSpec(source="pg.database", counters={"deadlocks": "deadlocks"},
                                                      match=("scope",))),
        "mysql": EngineSupport(min_version="8.0", privilege="PROCESS",
                               window=WindowSpec(source="my.innodb_metrics", source_object="lock_deadlocks",
                                                 counters={"deadlocks": "count"})),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE",
                                 window=WindowSpec(source="my.status", counters={"deadlocks": "innodb_deadlocks"})),
    },
    columns=("scope", "deadlocks", "counters_since", "days_since", "counter_enabled"),
    object_key=("scope",),
    basis="cumulative",
    thresholds=(
        Threshold(name="deadlocks_per_day", unit="deadlocks/day", warning=1, critical=10, direction="above",
                  rationale="pg-healthcheck G04-004 warns on any deadlock in a window (catalog PG-RUN-07, MY-ERR-05); "
                            "without own snapshots the daily tier averages since the counters started: 1/day warn, "
                            "10/day crit"),
        Threshold(name="min_days", unit="days", kind="guard", value=1,
                  rationale="a per-day rate needs a day of counting: younger counters divide by 1 day (the count "
                            "itself), so 3 deadlocks in the 18 minutes after a crash are 3/day, not 240/day"),
    ),
    judge=judge,
    messages={
        "ok": T("{deadlocks} deadlocks in {scope} since {counters_since} (when these counters started; cumulative, not "
                "a delta over the window): {value} per day",
                "{scope} 自 {counters_since}（这些计数器的起点；累计值，非窗口内增量）以来共 {deadlocks} 次死锁：平均每天 {value} 次"),
        "problem": T("{deadlocks} deadlocks in {scope} since {counters_since} (when these counters started; cumulative, "
                     "not a delta over the window): {value} per day over {days_since} days, at least {min_days} "
                     "(threshold {deadlocks_per_day_warning}); {count} of {total} scopes over",
                     "{scope} 自 {counters_since}（这些计数器的起点；累计值，非窗口内增量）以来共 {deadlocks} 次死锁："
                     "按 {days_since} 天（至少按 {min_days} 天）平均每天 {value} 次（阈值 {deadlocks_per_day_warning}）；"
                     "{total} 个统计范围中 {count} 个超限"),
        "window.ok": T("{deadlocks} deadlocks in {scope} in the window ({window_since} to {window_until} from "
                       "snapshots, {coverage_pct}% of the window): {value} per day",
                       "窗口内 {scope} 共 {deadlocks} 次死锁（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）："
                       "平均每天 {value} 次"),
        "window.problem": T("{deadlocks} deadlocks in {scope} in the window ({window_since} to {window_until} from "
                            "snapshots, {coverage_pct}% of the window): {value} per day over {days_since} days, at "
                            "least {min_days} (threshold {deadlocks_per_day_warning}); {count} of {total} scopes over",
                            "窗口内 {scope} 共 {deadlocks} 次死锁（快照 {window_since} 至 {window_until}，覆盖窗口 "
                            "{coverage_pct}%）：按 {days_since} 天（至少按 {min_days} 天）平均每天 {value} 次（阈值 "
                            "{deadlocks_per_day_warning}）；{total} 个统计范围中 {count} 个超限"),
        "not_detected": T("not applicable: innodb_deadlock_detect is OFF, so InnoDB detects no deadlock (each ends as "
                          "a lock wait timeout, error 1205, after innodb_lock_wait_timeout) and none is counted",
                          "不适用：innodb_deadlock_detect 为 OFF，InnoDB 不检测死锁（死锁在 innodb_lock_wait_timeout 后以锁等待超时 "
                          "1205 错误结束），因此不会计数"),
        "not_applicable": T("not applicable: the InnoDB lock_deadlocks monitor is disabled, so deadlocks are not counted "
                            "(SET GLOBAL innodb_monitor_enable = 'lock_deadlocks')",
                            "不适用：InnoDB lock_deadlocks 计数器已关闭，死锁不会被计数（SET GLOBAL innodb_monitor_enable = "
                            "'lock_deadlocks'）"),
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
