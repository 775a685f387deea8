from checks.judges import num, uses
from checks.performance._mycounters import NO_ROW, messages, pct, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec


def share(row) -> dict:
    h, b = num(row.get("hash_searches")), num(row.get("btree_searches"))
    if h is None or b is None:
        return {"searches": None, "ahi_hit_pct": None}
    return {"searches": h + b, "ahi_hit_pct": pct(h, h + b)}


def off(row) -> bool:
    # The index is off, or (MySQL 8) its INNODB_METRICS counters are disabled: nothing to rate.
    return str(row.get("adaptive_hash_index")).upper() != "ON" or row.get("hash_searches") is None \
        or row.get("btree_searches") is None


@uses("ahi_hit_pct", "min_searches_per_day")
def judge(rows, th, ctx) -> Verdict:
    return rated(rows, th, value="ahi_hit_pct", threshold="ahi_hit_pct", activity="searches",
                 floor="min_searches_per_day", compute=share, not_applicable=off)


# Over the window: MariaDB's two status counters from my.status; MySQL 8's INNODB_METRICS pair from
# my.innodb_metrics, stored as one object 'adaptive_hash' (searches, btree) with the later of their epochs.
WINDOW_MARIADB = WindowSpec(source="my.status", counters={"hash_searches": "innodb_adaptive_hash_hash_searches",
                                                           "btree_searches": "innodb_adaptive_hash_non_hash_searches"},
                            derive=share)
WINDOW_MYSQL = WindowSpec(source="my.innodb_metrics", source_object="adaptive_hash",
                          counters={"hash_searches": "searches", "btree_searches": "btree"}, derive=share)

SPEC = CheckSpec(
    code="PRF038",
    name="adaptive_hash_inefficient",
    title=T("The InnoDB adaptive hash index is seldom used", "InnoDB 自适应哈希索引利用率低"),
    category="performance",
    tier="semiannual",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="PROCESS", window=WINDOW_MYSQL),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW_MARIADB),
    },
    columns=("hash_searches", "btree_searches", "adaptive_hash_index", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="ahi_hit_pct", unit="% of index searches", warning=50, critical=10, direction="below",
                  rationale="PMM's mysql_ahi_efficiency_performance_basic_check rates adaptive_hash_searches against "
                            "adaptive_hash_searches_btree (catalog MY-PERF-12) and reports 'AHI hit ratio is low' (as "
                            "info, over the last hour) from a miss ratio of 50 %: the warning at a hit rate under 50 % "
                            "is PMM's boundary; 10 % critical is dbpatrol's (the hash is all cost: latch contention and "
                            "memory for almost no lookups). PMM's contention levels (btr_search_latch wait load against "
                            "2 × CPUs) need performance_schema waits and are not rated here"),
        Threshold(name="min_searches_per_day", unit="searches/day", kind="guard", value=100000,
                  rationale="below 100,000 index searches a day (and a day's worth at least) the hash has not had the "
                            "load to build up: not rated"),
    ),
    judge=judge,
    messages={
        **messages({
            "ok": T("{value}% of {searches} InnoDB index searches were answered by the adaptive hash index {basis} "
                    "({btree_searches} walked the B-tree; threshold {ahi_hit_pct_warning}%)",
                    "{basis}InnoDB 索引查找 {searches} 次中 {value}% 由自适应哈希索引完成（{btree_searches} 次走 B 树；"
                    "阈值 {ahi_hit_pct_warning}%）"),
            "problem": T("the adaptive hash index answered only {value}% of InnoDB index searches {basis}: "
                         "{hash_searches} of {searches}, {btree_searches} walked the B-tree (threshold "
                         "{ahi_hit_pct_warning}%)",
                         "{basis}自适应哈希索引仅完成 {value}% 的 InnoDB 索引查找：{searches} 次中 {hash_searches} 次，"
                         "{btree_searches} 次走 B 树（阈值 {ahi_hit_pct_warning}%）"),
            "too_little": T("not applicable (too little activity to rate): fewer than {min_searches_per_day} InnoDB index searches a day "
                            "{basis_plain}, a day's worth at least",
                            "不适用（活动太少，不评估）：{basis_plain}平均每天少于 {min_searches_per_day} 次 InnoDB 索引查找（至少按一天计）"),
            "not_applicable": T("not applicable: innodb_adaptive_hash_index is {adaptive_hash_index} or its search "
                                "counters are disabled (MySQL 8: SET GLOBAL innodb_monitor_enable = "
                                "'adaptive_hash_searches%'); MariaDB 10.5+ and MySQL 8.4 turn it OFF by default",
                                "不适用：innodb_adaptive_hash_index 为 {adaptive_hash_index}，或其查找计数器未启用（MySQL 8："
                                "SET GLOBAL innodb_monitor_enable = 'adaptive_hash_searches%'）；MariaDB 10.5+ 与 MySQL 8.4 "
                                "默认关闭"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("A hash index that answers few searches costs memory and latch contention (btr_search latches in "
               "SHOW ENGINE INNODB STATUS 'SEMAPHORES'). Test the workload with innodb_adaptive_hash_index = OFF "
               "(dynamic; the default on MariaDB 10.5+ and MySQL 8.4) or more partitions "
               "(innodb_adaptive_hash_index_parts, restart) and keep what measures faster.",
               "命中很少的自适应哈希索引会占用内存并造成闩锁争用（SHOW ENGINE INNODB STATUS 的 SEMAPHORES 中的 btr_search）。"
               "在 innodb_adaptive_hash_index = OFF（可在线修改；MariaDB 10.5+ 与 MySQL 8.4 的默认值）或更多分区"
               "（innodb_adaptive_hash_index_parts，需重启）下测试业务负载，保留实测更快的设置。"),
        commands={
            "mysql": ["SET PERSIST innodb_adaptive_hash_index = OFF;  -- after measuring"],
            "mariadb": ["SET GLOBAL innodb_adaptive_hash_index = OFF;  -- after measuring; and in my.cnf [mariadb]"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-adaptive-hash.html",
                    "https://mariadb.com/kb/en/innodb-system-variables/#innodb_adaptive_hash_index"],
    ),
    timeout_s=5,
)
