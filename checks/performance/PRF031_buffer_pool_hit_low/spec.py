from checks.judges import num, uses
from checks.performance._mycounters import NO_ROW, messages, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec


def hit(row) -> dict:
    requests, reads = num(row.get("read_requests")), num(row.get("disk_reads"))
    if not requests or reads is None:
        return {"hit_pct": None}
    return {"hit_pct": round(max(0.0, 100.0 * (1 - reads / requests)), 3),
            "buffer_pool_mb": round((num(row.get("buffer_pool_size")) or 0) / 1048576)}


@uses("hit_pct", "min_read_requests_per_day")
def judge(rows, th, ctx) -> Verdict:
    return rated(rows, th, value="hit_pct", threshold="hit_pct", activity="read_requests",
                 floor="min_read_requests_per_day", compute=hit)


# Over the window: Innodb_buffer_pool_read_requests / _reads from my.status snapshots (InnoDB's counters: FLUSH
# STATUS leaves them alone, a restart moves the epoch), the hit ratio recomputed. A restart inside the window
# starts with a cold pool: its warm-up reads count, as they did for the application.
WINDOW = WindowSpec(source="my.status", counters={"read_requests": "innodb_buffer_pool_read_requests",
                                                   "disk_reads": "innodb_buffer_pool_reads"}, derive=hit)

SPEC = CheckSpec(
    code="PRF031",
    name="buffer_pool_hit_low",
    title=T("InnoDB buffer pool reads often go to disk", "InnoDB 缓冲池命中率低"),
    category="performance",
    tier="semiannual",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("read_requests", "disk_reads", "buffer_pool_size", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="hit_pct", unit="% of read requests", warning=99, critical=95, direction="below",
                  rationale="MySQLTuner's health score gives full marks above 99 % buffer pool read efficiency and "
                            "half above 95 % (catalog MY-PERF-04): under 99 % a warning, under 95 % critical"),
        Threshold(name="min_read_requests_per_day", unit="read requests/day", kind="guard", value=1000000,
                  rationale="below a million logical reads a day (and a day's worth at least) the pool is barely used "
                            "and a cold start's first reads dominate the ratio: not rated"),
    ),
    judge=judge,
    messages={
        **messages({
            "ok": T("{value}% of {read_requests} InnoDB buffer pool read requests were served from memory {basis} "
                    "({disk_reads} from disk; threshold {hit_pct_warning}%)",
                    "{basis}InnoDB 缓冲池 {read_requests} 次读请求中 {value}% 命中内存（{disk_reads} 次读盘；阈值 "
                    "{hit_pct_warning}%）"),
            "problem": T("only {value}% of InnoDB buffer pool read requests were served from memory {basis}: "
                         "{disk_reads} of {read_requests} went to disk (threshold {hit_pct_warning}%, critical "
                         "{hit_pct_critical}%); innodb_buffer_pool_size {buffer_pool_mb} MB",
                         "{basis}InnoDB 缓冲池读请求命中率仅 {value}%：{read_requests} 次中 {disk_reads} 次读盘（阈值 "
                         "{hit_pct_warning}%，严重 {hit_pct_critical}%）；innodb_buffer_pool_size {buffer_pool_mb} MB"),
            "too_little": T("not applicable (too little activity to rate): fewer than {min_read_requests_per_day} buffer pool read requests a day "
                            "{basis_plain}, a day's worth at least",
                            "不适用（活动太少，不评估）：{basis_plain}平均每天少于 {min_read_requests_per_day} 次缓冲池读请求（至少按一天计）"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("Compare innodb_buffer_pool_size with the data actually read (CFG031 compares it with the data size) and "
               "with the host's RAM (CFG032): on a dedicated server 60–75 % of RAM is usual. Resizing is online in "
               "chunks (innodb_buffer_pool_chunk_size). Look also for statements that scan large tables (PRF041), "
               "which evict the working set.",
               "将 innodb_buffer_pool_size 与实际读取的数据量（CFG031 与数据量比较）及主机内存（CFG032）比较：专用服务器通常为"
               "内存的 60–75%。可按块（innodb_buffer_pool_chunk_size）在线调整。同时排查扫描大表的语句（PRF041），它们会挤出热数据。"),
        commands={
            "mysql": ["SELECT @@innodb_buffer_pool_size / 1024 / 1024 AS mb;",
                      "SET PERSIST innodb_buffer_pool_size = 8589934592;  -- online, in chunks"],
            "mariadb": ["SELECT @@innodb_buffer_pool_size / 1024 / 1024 AS mb;",
                        "SET GLOBAL innodb_buffer_pool_size = 8589934592;  -- online; and in my.cnf [mariadb]"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-buffer-pool-resize.html",
                    "https://mariadb.com/kb/en/innodb-buffer-pool/"],
    ),
    timeout_s=5,
)
