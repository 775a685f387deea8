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
    code="RUN011",
    name="multixact_wraparound",
    title=T("MultiXact ID wraparound risk", "MultiXact ID 回卷风险"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
    },
    columns=("datname", "mxid_age", "freeze_max_age", "freeze_max_pct", "wraparound_pct", "antiwraparound_workers"),
    object_key=("datname",),
    thresholds=(
        Threshold(name="freeze_max_pct", unit="% of autovacuum_multixact_freeze_max_age", warning=100, critical=None,
                  direction="above",
                  rationale="pg-healthcheck G05-010 warns on mxid_age (PG-RUN-12); at 100 % the server forces an "
                            "anti-wraparound autovacuum; tuned as RUN010 (review: check_postgres' 90 % is noisy)"),
        Threshold(name="wraparound_pct", unit="% of 2^31", warning=56, critical=65, direction="above",
                  rationale="pg-healthcheck G05-010 WARN/CRIT (PG-RUN-12), levels as for XIDs: postgres-checkup F002 "
                            "1.2 B, check_postgres txn_wraparound 1.4 B"),
    ),
    judge=_judge,
    messages={
        "ok": T("Oldest multixact below {freeze_max_pct_warning}% of autovacuum_multixact_freeze_max_age in all "
                "{total} databases",
                "全部 {total} 个数据库的最老 MultiXact 均低于 autovacuum_multixact_freeze_max_age 的 {freeze_max_pct_warning}%"),
        "problem_vacuuming": T("Database {datname}: multixact age {mxid_age} = {freeze_max_pct}% of autovacuum_multixact_freeze_max_age "
                               "({freeze_max_age}), {wraparound_pct}% of the wraparound limit; an anti-wraparound "
                               "autovacuum is running in it ({antiwraparound_workers} worker(s)); {count} database(s) affected",
                               "数据库 {datname}：MultiXact 年龄 {mxid_age}，达到 autovacuum_multixact_freeze_max_age（{freeze_max_age}）的 "
                               "{freeze_max_pct}%，回卷上限的 {wraparound_pct}%；防回卷 autovacuum 正在该库运行"
                               "（{antiwraparound_workers} 个进程）；共 {count} 个数据库受影响"),
        "problem_no_vacuum": T("Database {datname}: multixact age {mxid_age} = {freeze_max_pct}% of autovacuum_multixact_freeze_max_age "
                               "({freeze_max_age}), {wraparound_pct}% of the wraparound limit; no anti-wraparound "
                               "autovacuum is running in it now (workers busy elsewhere, cancelled or blocked?); {count} "
                               "database(s) affected",
                               "数据库 {datname}：MultiXact 年龄 {mxid_age}，达到 autovacuum_multixact_freeze_max_age（{freeze_max_age}）的 "
                               "{freeze_max_pct}%，回卷上限的 {wraparound_pct}%；当前没有防回卷 autovacuum 在该库运行"
                               "（进程忙于其他库、被取消或被阻塞？）；共 {count} 个数据库受影响"),
        "problem_unknown": T("Database {datname}: multixact age {mxid_age} = {freeze_max_pct}% of autovacuum_multixact_freeze_max_age "
                             "({freeze_max_age}), {wraparound_pct}% of the wraparound limit; whether an anti-wraparound "
                             "autovacuum runs is hidden from this user (needs pg_read_all_stats); {count} database(s) affected",
                             "数据库 {datname}：MultiXact 年龄 {mxid_age}，达到 autovacuum_multixact_freeze_max_age（{freeze_max_age}）的 "
                             "{freeze_max_pct}%，回卷上限的 {wraparound_pct}%；当前用户无法看到是否有防回卷 autovacuum 在运行"
                             "（需要 pg_read_all_stats）；共 {count} 个数据库受影响"),
    },
    remediation=RemediationSpec(
        text=T("Multixacts come from row locks shared by several transactions (SELECT … FOR SHARE, foreign keys). "
               "VACUUM (FREEZE) the tables with the oldest relminmxid after ending long transactions; lower "
               "autovacuum_multixact_freeze_max_age (takes a restart) if it keeps climbing. Not measured here: the "
               "member space (pg_multixact/members) can run out before the IDs do; watch the server log for "
               "'multixact \"members\" limit' warnings and the size of pg_multixact/members.",
               "MultiXact 来自多个事务共享的行锁（SELECT … FOR SHARE、外键检查）。先结束长事务，再对 relminmxid "
               "最老的表执行 VACUUM (FREEZE)；若持续上涨，可调低 autovacuum_multixact_freeze_max_age（需重启生效）。"
               "本检查未覆盖成员空间（pg_multixact/members）：它可能先于 ID 耗尽；请关注服务器日志中 multixact members "
               "上限的告警以及 pg_multixact/members 目录的大小。"),
        commands={
            "postgresql": ["SELECT c.oid::regclass, mxid_age(c.relminmxid) FROM pg_class c WHERE c.relkind IN ('r', 'm', 't') "
                           "ORDER BY 2 DESC LIMIT 20;",
                           "VACUUM (FREEZE, VERBOSE) <schema>.<table>;"],
        },
        references=["https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-MULTIXACT-WRAPAROUND"],
    ),
    timeout_s=5,
)
