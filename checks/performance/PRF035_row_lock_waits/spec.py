from checks.judges import num, uses
from checks.performance._mycounters import NO_ROW, messages, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec


def average(row) -> dict:
    waits, ms = num(row.get("lock_waits")), num(row.get("lock_time_ms"))
    days = max(num(row.get("days_since")) or 0, 1.0)
    return {"avg_wait_ms": round(ms / waits, 1) if waits and ms is not None else None,
            "waits_per_day": round((waits or 0) / days, 1)}


@uses("avg_wait_ms", "min_lock_waits")
def judge(rows, th, ctx) -> Verdict:
    return rated(rows, th, value="avg_wait_ms", threshold="avg_wait_ms", activity="lock_waits",
                 floor="min_lock_waits", compute=average, per_day=False)


# Over the window: Innodb_row_lock_waits and Innodb_row_lock_time (ms) from my.status snapshots; the average
# wait is the time's increase over the waits' increase — MariaDB's Innodb_row_lock_time_avg / MySQL's are since
# the start and are not used. A wait still going at the second snapshot is counted when it ends.
WINDOW = WindowSpec(source="my.status", counters={"lock_waits": "innodb_row_lock_waits",
                                                   "lock_time_ms": "innodb_row_lock_time"}, derive=average)

SPEC = CheckSpec(
    code="PRF035",
    name="row_lock_waits",
    title=T("InnoDB row lock waits are long", "InnoDB 行锁等待时间长"),
    category="performance",
    tier="semiannual",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("lock_waits", "lock_time_ms", "innodb_lock_wait_timeout", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="avg_wait_ms", unit="ms per wait", warning=500, critical=5000, direction="above",
                  rationale="the catalog's MY-PERF-08 anchors give no level (Innodb_row_lock_time_avg, "
                            "sys.innodb_lock_waits); dbpatrol's: half a second per wait is felt by an OLTP user, 5 s "
                            "is a tenth of innodb_lock_wait_timeout's default 50 s"),
        Threshold(name="min_lock_waits", unit="waits", kind="guard", value=10,
                  rationale="an average of fewer than 10 waits is one incident's, not the workload's: not rated "
                            "(ERR018 reports lock wait timeouts from the log one by one)"),
    ),
    judge=judge,
    messages={
        **messages({
            "ok": T("{lock_waits} InnoDB row lock waits {basis}, {value} ms on average ({waits_per_day} a day; "
                    "threshold {avg_wait_ms_warning} ms)",
                    "{basis}InnoDB 行锁等待 {lock_waits} 次，平均 {value} 毫秒（每天 {waits_per_day} 次；阈值 "
                    "{avg_wait_ms_warning} 毫秒）"),
            "problem": T("InnoDB row lock waits took {value} ms on average {basis}: {lock_waits} waits, {lock_time_ms} "
                         "ms in all ({waits_per_day} a day; threshold {avg_wait_ms_warning} ms); "
                         "innodb_lock_wait_timeout {innodb_lock_wait_timeout} s",
                         "{basis}InnoDB 行锁平均等待 {value} 毫秒：共 {lock_waits} 次、{lock_time_ms} 毫秒（每天 "
                         "{waits_per_day} 次；阈值 {avg_wait_ms_warning} 毫秒）；innodb_lock_wait_timeout "
                         "{innodb_lock_wait_timeout} 秒"),
            "too_little": T("not applicable (too little activity to rate): fewer than {min_lock_waits} InnoDB row "
                            "lock waits {basis_plain}: an average of so few is one incident's",
                            "不适用（活动太少，不评估）：{basis_plain}InnoDB 行锁等待少于 {min_lock_waits} 次，平均值只反映个别事件"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("Find who blocks whom while it happens (sys.innodb_lock_waits on MySQL 8; information_schema."
               "INNODB_LOCK_WAITS with INNODB_TRX on MariaDB; RUN007 samples the sessions waiting) and shorten the "
               "blocking transactions: commit sooner, no user think-time inside a transaction, update rows in one "
               "order, index the columns of UPDATE/DELETE ... WHERE so fewer rows are locked.",
               "在发生时找出阻塞关系（MySQL 8 的 sys.innodb_lock_waits；MariaDB 的 information_schema.INNODB_LOCK_WAITS 与 "
               "INNODB_TRX；RUN007 会采样等待锁的会话），缩短阻塞事务：尽早提交、事务内不等待用户操作、按固定顺序更新行、为 "
               "UPDATE/DELETE 的 WHERE 列建索引以减少加锁行数。"),
        commands={
            "mysql": ["SELECT * FROM sys.innodb_lock_waits\\G"],
            "mariadb": ["SELECT r.trx_mysql_thread_id AS waiting, b.trx_mysql_thread_id AS blocking, b.trx_query "
                        "FROM information_schema.INNODB_LOCK_WAITS w JOIN information_schema.INNODB_TRX r ON "
                        "r.trx_id = w.requesting_trx_id JOIN information_schema.INNODB_TRX b ON b.trx_id = "
                        "w.blocking_trx_id;"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-information-schema-examples.html",
                    "https://mariadb.com/kb/en/information-schema-innodb_lock_waits-table/"],
    ),
    timeout_s=5,
)
