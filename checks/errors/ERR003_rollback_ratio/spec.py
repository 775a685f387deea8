from checks.judges import each_row, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

_rate = each_row("rollback_pct", "rollback_pct")


@uses("rollback_pct", "min_xacts")
def judge(rows, th, ctx) -> Verdict:
    # A ratio over a handful of transactions says nothing (a fresh database with 3 of 5 rolled back):
    # databases with fewer transactions than the min_xacts guard are listed but not rated.
    min_xacts = th["min_xacts"].value or 0
    rated = [r for r in rows if (num(r.get("xacts")) or 0) >= min_xacts]
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok_few", params={"total": len(rows), "min_xacts": min_xacts},
                       evidence=rows[:10], objects={})
    verdict = _rate(rated, th, ctx)
    verdict.params["min_xacts"] = min_xacts
    return verdict


def window_ratio(row) -> dict:
    """Window rows: xact_commit and xact_rollback are the in-window increases, so the total and the ratio
    are recomputed from them (the SQL's are cumulative since the counters started)."""
    commit, rollback = num(row.get("xact_commit")) or 0, num(row.get("xact_rollback")) or 0
    xacts = int(commit + rollback)
    return {"xacts": xacts, "rollback_pct": round(100.0 * rollback / xacts, 2) if xacts else None}


SPEC = CheckSpec(
    code="ERR003",
    name="rollback_ratio",
    title=T("High transaction rollback ratio", "事务回滚比例过高"),
    category="errors",
    tier="daily",
    engines={
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash while the postmaster ran
        # (17+'s pg_stat_reset_shared() stamps the shared views as a crash does, and must not restart the counters)
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats",
                                    window=WindowSpec(source="pg.database", match=("scope",), derive=window_ratio,
                                                      counters={"xact_commit": "xact_commit",
                                                                "xact_rollback": "xact_rollback"})),
    },
    columns=("scope", "xact_commit", "xact_rollback", "xacts", "rollback_pct", "counters_since"),
    object_key=("scope",),
    basis="cumulative",
    thresholds=(
        Threshold(name="rollback_pct", unit="%", warning=5, critical=10, direction="above",
                  rationale="pgwatch health panel colours rollbacks at 0.5/1 (catalog PG-ERR-05), check_postgres "
                            "`commitratio` is user-set; 5/10 % of transactions, since drivers and pools roll back harmlessly"),
        Threshold(name="min_xacts", unit="transactions", kind="guard", value=1000,
                  rationale="a minimum sample: below 1,000 transactions since the counters started a database's ratio "
                            "is not rated (3 of 5 rolled back in a fresh database says nothing)"),
    ),
    judge=judge,
    messages={
        "ok": T("rollback ratio {value}% in {scope} at most ({xact_rollback} of {xacts} transactions since "
                "{counters_since}, when these counters started — the last stats reset or crash; databases under "
                "{min_xacts} transactions not rated)",
                "回滚比例最高为 {scope} 的 {value}%（自 {counters_since}（计数起点：最近一次统计重置或实例崩溃）以来 {xacts} "
                "个事务中回滚 {xact_rollback} 个；不足 {min_xacts} 个事务的数据库不评估）"),
        "ok_few": T("no database has {min_xacts} transactions since its counters started (the last stats reset or "
                    "crash): rollback ratio not rated",
                    "自计数起点（最近一次统计重置或实例崩溃）以来没有数据库达到 {min_xacts} 个事务：不评估回滚比例"),
        "problem": T("{value}% of transactions in {scope} rolled back ({xact_rollback} of {xacts} since {counters_since}, "
                     "when these counters started — the last stats reset or crash; threshold {rollback_pct_warning}%): "
                     "{count} database(s) over",
                     "{scope} 有 {value}% 的事务被回滚（自 {counters_since}（计数起点：最近一次统计重置或实例崩溃）以来 {xacts} "
                     "个中 {xact_rollback} 个；阈值 {rollback_pct_warning}%）：{count} 个数据库超限"),
        "window.ok": T("rollback ratio {value}% in {scope} at most in the window ({xact_rollback} of {xacts} transactions "
                       "from {window_since} to {window_until}, from snapshots covering {coverage_pct}% of the window; "
                       "databases under {min_xacts} transactions in the window not rated)",
                       "窗口内回滚比例最高为 {scope} 的 {value}%（快照 {window_since} 至 {window_until}，覆盖窗口 "
                       "{coverage_pct}%：{xacts} 个事务中回滚 {xact_rollback} 个；窗口内不足 {min_xacts} 个事务的数据库不评估）"),
        "window.ok_few": T("no database has {min_xacts} transactions in the window ({window_since} to {window_until} from "
                           "snapshots, {coverage_pct}% of the window): rollback ratio not rated",
                           "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）没有数据库达到 "
                           "{min_xacts} 个事务：不评估回滚比例"),
        "window.problem": T("{value}% of transactions in {scope} rolled back in the window ({xact_rollback} of {xacts} "
                            "from {window_since} to {window_until}, from snapshots covering {coverage_pct}% of the "
                            "window; threshold {rollback_pct_warning}%): {count} database(s) over",
                            "窗口内 {scope} 有 {value}% 的事务被回滚（快照 {window_since} 至 {window_until}，覆盖窗口 "
                            "{coverage_pct}%：{xacts} 个中 {xact_rollback} 个；阈值 {rollback_pct_warning}%）："
                            "{count} 个数据库超限"),
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
