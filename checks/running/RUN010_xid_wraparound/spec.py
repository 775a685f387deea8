from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict

_rows = rows_judge([("freeze_max_pct", "freeze_max_pct"), ("wraparound_pct", "wraparound_pct")])


@uses("freeze_max_pct", "wraparound_pct")
def _judge(rows, th, ctx) -> Verdict:
    v = _rows(rows, th, ctx)
    if v.message == "problem":  # say whether an anti-wraparound autovacuum works on the worst database now
        workers = num(v.params.get("antiwraparound_workers"))
        v.message = "problem_unknown" if workers is None else ("problem_vacuuming" if workers else "problem_no_vacuum")
    return v


SPEC = CheckSpec(
    code="RUN010",
    name="xid_wraparound",
    title=T("Transaction ID wraparound risk", "事务号（XID）回卷风险"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
    },
    columns=("datname", "xid_age", "freeze_max_age", "freeze_max_pct", "wraparound_pct", "antiwraparound_workers"),
    object_key=("datname",),
    thresholds=(
        Threshold(name="freeze_max_pct", unit="% of autovacuum_freeze_max_age", warning=100, critical=None,
                  direction="above",
                  rationale="at 100 % the server forces an anti-wraparound autovacuum; check_postgres autovac_freeze's "
                            "90 % (PG-RUN-11) is noisy on healthy clusters with big static tables (review RUN010); the "
                            "critical level comes from wraparound_pct"),
        Threshold(name="wraparound_pct", unit="% of 2^31", warning=56, critical=65, direction="above",
                  rationale="postgres-checkup F002 warns at age 1.2 B (56 %), check_postgres txn_wraparound critical "
                            "1.4 B (65 %) (PG-RUN-11)"),
    ),
    judge=_judge,
    messages={
        "ok": T("Oldest unfrozen XID below {freeze_max_pct_warning}% of autovacuum_freeze_max_age in all {total} databases",
                "全部 {total} 个数据库的最老未冻结事务号均低于 autovacuum_freeze_max_age 的 {freeze_max_pct_warning}%"),
        "problem_vacuuming": T("Database {datname}: XID age {xid_age} = {freeze_max_pct}% of autovacuum_freeze_max_age "
                               "({freeze_max_age}), {wraparound_pct}% of the wraparound limit; an anti-wraparound "
                               "autovacuum is running in it ({antiwraparound_workers} worker(s)); {count} database(s) affected",
                               "数据库 {datname}：XID 年龄 {xid_age}，达到 autovacuum_freeze_max_age（{freeze_max_age}）的 "
                               "{freeze_max_pct}%，回卷上限的 {wraparound_pct}%；防回卷 autovacuum 正在该库运行"
                               "（{antiwraparound_workers} 个进程）；共 {count} 个数据库受影响"),
        "problem_no_vacuum": T("Database {datname}: XID age {xid_age} = {freeze_max_pct}% of autovacuum_freeze_max_age "
                               "({freeze_max_age}), {wraparound_pct}% of the wraparound limit; no anti-wraparound "
                               "autovacuum is running in it now (workers busy elsewhere, cancelled or blocked?); {count} "
                               "database(s) affected",
                               "数据库 {datname}：XID 年龄 {xid_age}，达到 autovacuum_freeze_max_age（{freeze_max_age}）的 "
                               "{freeze_max_pct}%，回卷上限的 {wraparound_pct}%；当前没有防回卷 autovacuum 在该库运行"
                               "（进程忙于其他库、被取消或被阻塞？）；共 {count} 个数据库受影响"),
        "problem_unknown": T("Database {datname}: XID age {xid_age} = {freeze_max_pct}% of autovacuum_freeze_max_age "
                             "({freeze_max_age}), {wraparound_pct}% of the wraparound limit; whether an anti-wraparound "
                             "autovacuum runs is hidden from this user (needs pg_read_all_stats); {count} database(s) affected",
                             "数据库 {datname}：XID 年龄 {xid_age}，达到 autovacuum_freeze_max_age（{freeze_max_age}）的 "
                             "{freeze_max_pct}%，回卷上限的 {wraparound_pct}%；当前用户无法看到是否有防回卷 autovacuum 在运行"
                             "（需要 pg_read_all_stats）；共 {count} 个数据库受影响"),
    },
    remediation=RemediationSpec(
        text=T("Find the tables with the oldest relfrozenxid and VACUUM (FREEZE) them; first remove whatever holds "
               "the xmin horizon back (long transactions, stale replication slots, orphaned prepared transactions), "
               "otherwise vacuum cannot freeze. Check that autovacuum is running and not cancelled; an anti-wraparound "
               "autovacuum already working on a table is best left to finish (it does not give way to locks).",
               "找出 relfrozenxid 最老的表并执行 VACUUM (FREEZE)；先清除拖住 xmin 水位的因素（长事务、失效复制槽、"
               "遗留的两阶段事务），否则 vacuum 无法冻结。确认 autovacuum 正常运行且未被频繁取消；已在处理某表的防回卷 "
               "autovacuum 最好让它完成（它不会因锁冲突而让步）。"),
        commands={
            "postgresql": ["SELECT c.oid::regclass, age(c.relfrozenxid), pg_size_pretty(pg_total_relation_size(c.oid)) "
                           "FROM pg_class c WHERE c.relkind IN ('r', 'm', 't') ORDER BY 2 DESC LIMIT 20;",
                           "VACUUM (FREEZE, VERBOSE) <schema>.<table>;"],
        },
        references=["https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-WRAPAROUND"],
    ),
    timeout_s=5,
)
