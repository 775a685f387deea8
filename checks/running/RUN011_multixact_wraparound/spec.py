from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN011",
    name="multixact_wraparound",
    title=T("MultiXact ID wraparound risk", "MultiXact ID 回卷风险"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
    },
    columns=("datname", "mxid_age", "freeze_max_age", "freeze_max_pct", "wraparound_pct"),
    thresholds=(
        Threshold(name="freeze_max_pct", unit="% of autovacuum_multixact_freeze_max_age", warning=90, critical=None,
                  direction="above",
                  rationale="pg-healthcheck G05-010 warns on mxid_age (PG-RUN-12); 90 % mirrors check_postgres "
                            "autovac_freeze for XIDs, reaching it only forces anti-wraparound autovacuum"),
        Threshold(name="wraparound_pct", unit="% of 2^31", warning=56, critical=65, direction="above",
                  rationale="pg-healthcheck G05-010 WARN/CRIT (PG-RUN-12), levels as for XIDs: postgres-checkup F002 "
                            "1.2 B, check_postgres txn_wraparound 1.4 B"),
    ),
    judge=rows_judge([("freeze_max_pct", "freeze_max_pct"), ("wraparound_pct", "wraparound_pct")]),
    messages={
        "ok": T("Oldest multixact below {freeze_max_pct_warning}% of autovacuum_multixact_freeze_max_age in all "
                "{total} databases",
                "全部 {total} 个数据库的最老 MultiXact 均低于 autovacuum_multixact_freeze_max_age 的 {freeze_max_pct_warning}%"),
        "problem": T("Database {datname}: multixact age {mxid_age} = {freeze_max_pct}% of "
                     "autovacuum_multixact_freeze_max_age ({freeze_max_age}), {wraparound_pct}% of the wraparound "
                     "limit; {count} database(s) affected",
                     "数据库 {datname}：MultiXact 年龄 {mxid_age}，达到 autovacuum_multixact_freeze_max_age"
                     "（{freeze_max_age}）的 {freeze_max_pct}%，回卷上限的 {wraparound_pct}%；共 {count} 个数据库受影响"),
    },
    remediation=RemediationSpec(
        text=T("Multixacts come from row locks shared by several transactions (SELECT … FOR SHARE, foreign keys). "
               "VACUUM (FREEZE) the tables with the oldest relminmxid after ending long transactions; lower "
               "autovacuum_multixact_freeze_max_age if it keeps climbing.",
               "MultiXact 来自多个事务共享的行锁（SELECT … FOR SHARE、外键检查）。先结束长事务，再对 relminmxid "
               "最老的表执行 VACUUM (FREEZE)；若持续上涨，可调低 autovacuum_multixact_freeze_max_age。"),
        commands={
            "postgresql": ["SELECT c.oid::regclass, mxid_age(c.relminmxid) FROM pg_class c WHERE c.relkind IN ('r', 'm', 't') "
                           "ORDER BY 2 DESC LIMIT 20;",
                           "VACUUM (FREEZE, VERBOSE) <schema>.<table>;"],
        },
        references=["https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-MULTIXACT-WRAPAROUND"],
    ),
    timeout_s=5,
)
