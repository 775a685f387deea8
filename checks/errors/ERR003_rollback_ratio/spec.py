from checks.judges import each_row, uses, num
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict

# A ratio over a handful of transactions says nothing (a fresh database with 3 of 5 rolled back):
# databases with fewer transactions since the reset are listed but not rated.
MIN_XACTS = 1000

_rate = each_row("rollback_pct", "rollback_pct")


@uses("rollback_pct")
def judge(rows, th, ctx) -> Verdict:
    rated = [r for r in rows if (num(r.get("xacts")) or 0) >= MIN_XACTS]
    verdict = _rate(rated, th, ctx)
    if not rated:
        return Verdict(outcome=verdict.outcome, message="ok_few", params={"total": len(rows), "min_xacts": MIN_XACTS},
                       evidence=rows[:10])
    verdict.params["min_xacts"] = MIN_XACTS
    return verdict


SPEC = CheckSpec(
    code="ERR003",
    name="rollback_ratio",
    title=T("High transaction rollback ratio", "事务回滚比例过高"),
    category="errors",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
    },
    columns=("scope", "xact_commit", "xact_rollback", "xacts", "rollback_pct", "since"),
    thresholds=(
        Threshold(name="rollback_pct", unit="%", warning=5, critical=10, direction="above",
                  rationale="pgwatch health panel colours rollbacks at 0.5/1 (catalog PG-ERR-05), check_postgres "
                            "`commitratio` is user-set; 5/10 % of transactions, since drivers and pools roll back harmlessly"),
    ),
    judge=judge,
    messages={
        "ok": T("rollback ratio {value}% in {scope} at most ({xact_rollback} of {xacts} transactions since {since}, "
                "stats reset / server start)",
                "回滚比例最高为 {scope} 的 {value}%（自 {since}（统计重置或实例启动）以来 {xacts} 个事务中回滚 {xact_rollback} 个）"),
        "ok_few": T("no database has {min_xacts} transactions since the stats reset yet: rollback ratio not rated",
                    "自统计重置以来没有数据库达到 {min_xacts} 个事务：不评估回滚比例"),
        "problem": T("{value}% of transactions in {scope} rolled back ({xact_rollback} of {xacts} since {since}, stats "
                     "reset / server start; threshold {rollback_pct_warning}%): {count} database(s) over",
                     "{scope} 有 {value}% 的事务被回滚（自 {since}（统计重置或实例启动）以来 {xacts} 个中 {xact_rollback} 个；"
                     "阈值 {rollback_pct_warning}%）：{count} 个数据库超限"),
    },
    remediation=RemediationSpec(
        text=T("Rollbacks are failed or abandoned work: look for ERROR lines in the server log (constraint violations, "
               "serialization failures, deadlocks, timeouts) and for frameworks that roll back every read-only "
               "transaction; fix the failing statements or the application's error handling.",
               "回滚意味着失败或被放弃的工作：在数据库日志中查找 ERROR（约束冲突、序列化失败、死锁、超时），"
               "并排查对每个只读事务都执行回滚的框架；修复报错语句或应用的异常处理。"),
        commands={
            "postgresql": [
                "SELECT datname, xact_commit, xact_rollback, round(100.0*xact_rollback/nullif(xact_commit+xact_rollback,0),2) "
                "FROM pg_stat_database ORDER BY 4 DESC NULLS LAST;",
                "grep -c ' ERROR: ' /var/log/postgresql/postgresql-*-main.log",
            ],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW"],
    ),
    timeout_s=5,
)
