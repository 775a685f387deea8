from checks.judges import num, uses
from checks.performance._mycounters import NO_ROW, days_of, messages, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome


def hit(row) -> dict:
    requests, reads = num(row.get("read_requests")), num(row.get("disk_reads"))
    if not requests or reads is None:
        return {"hit_pct": None}
    return {"hit_pct": round(max(0.0, 100.0 * (1 - reads / requests)), 3),
            "buffer_pool_mb": round((num(row.get("buffer_pool_size")) or 0) / 1048576)}


@uses("hit_pct", "min_read_requests_per_day", "min_uptime_days")
def judge(rows, th, ctx) -> Verdict:
    v = rated(rows, th, value="hit_pct", threshold="hit_pct", activity="read_requests",
              floor="min_read_requests_per_day", compute=hit)
    # Counters since the start (no snapshot covers the window; window rows carry window_coverage_pct) of a
    # server up less than min_uptime_days are mostly a cold pool's warm-up reads: not rated. A window is rated
    # as it is: a restart inside it counts its warm-up, beside the rest of the window.
    young = th["min_uptime_days"].value or 0
    if v.outcome in (Outcome.OK, Outcome.WARNING, Outcome.CRITICAL) and "window_coverage_pct" not in rows[0] \
            and days_of(rows[0]) < young:
        return Verdict(outcome=Outcome.SKIPPED, message="too_young", params={**v.params, "min_uptime_days": young},
                       evidence=v.evidence)
    return v


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
                            "half above 95 % (catalog MY-PERF-04): under 99 % a warning, under 95 % critical. The bands are "
                            "MySQLTuner's, the formula (1 - reads / read requests) the manual's and PMM's; MySQLTuner's "
                            "requests / (requests + reads) differs by under 0.3 points at 95-99 %"),
        Threshold(name="min_read_requests_per_day", unit="read requests/day", kind="guard", value=1000000,
                  rationale="below a million logical reads a day (and a day's worth at least) the pool is barely used "
                            "and a cold start's first reads dominate the ratio: not rated"),
        Threshold(name="min_uptime_days", unit="days", kind="guard", value=1,
                  rationale="counters since a start less than a day ago are mostly the pool's warm-up reads from disk, "
                            "and a busy server passes the activity floor within minutes: not rated on that basis "
                            "(MySQLTuner asks 24 h of uptime before its figures count); a window from snapshots is"),
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
            "too_young": T("not applicable (the buffer pool may still be warming up): the server started less than "
                           "{min_uptime_days} day(s) ago and no snapshots cover the window; a pool reads from disk after "
                           "a start until it is warm",
                           "不适用（缓冲池可能仍在预热）：实例启动不足 {min_uptime_days} 天，且没有快照覆盖该窗口；"
                           "实例启动后缓冲池在预热完成前会从磁盘读取"),
            "too_little": T("not applicable (too little activity to rate): fewer than {min_read_requests_per_day} buffer pool read requests a day "
                            "{basis_plain}, a day's worth at least",
                            "不适用（活动太少，不评估）：{basis_plain}平均每天少于 {min_read_requests_per_day} 次缓冲池读请求（至少按一天计）"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("Compare innodb_buffer_pool_size with the data actually read (CFG031 compares it with the data size) and "
               "with the host's RAM (CFG032). Work out <bytes> before changing it: the host's RAM less the OS and "
               "other processes, less what the connections may take (max_connections × their buffers: sort, join, "
               "read, tmp tables, thread stack); on a dedicated server 60–75 % of RAM is usual, rounded to a multiple "
               "of innodb_buffer_pool_chunk_size × innodb_buffer_pool_instances. The resize is online, chunk by chunk, "
               "and takes the new memory at once: without it free the host swaps or the OOM killer stops the server. "
               "Look also for statements that scan large tables (PRF041), which evict the working set, and read "
               "this right after a restart with care: a cold pool reads from disk until it is warm.",
               "将 innodb_buffer_pool_size 与实际读取的数据量（CFG031 与数据量比较）及主机内存（CFG032）比较。修改前先算出 "
               "<bytes>：主机内存减去操作系统与其他进程，再减去连接可能占用的内存（max_connections × 各连接缓冲区：排序、"
               "连接、读取、临时表、线程栈）；专用服务器通常为内存的 60–75%，并取 innodb_buffer_pool_chunk_size × "
               "innodb_buffer_pool_instances 的整数倍。调整可在线按块进行，但会立即占用新增内存：空闲内存不足时主机会换页，"
               "或被 OOM killer 终止实例。同时排查扫描大表的语句（PRF041），它们会挤出热数据；实例刚重启时缓冲池尚未预热，"
               "命中率偏低属正常。"),
        commands={
            "mysql": ["SELECT @@innodb_buffer_pool_size / 1048576 AS pool_mb, @@innodb_buffer_pool_chunk_size / 1048576 "
                      "AS chunk_mb, @@innodb_buffer_pool_instances AS instances;",
                      "SET PERSIST innodb_buffer_pool_size = <bytes>;  -- resized online in chunks"],
            "mariadb": ["SELECT @@innodb_buffer_pool_size / 1048576 AS pool_mb, @@innodb_buffer_pool_chunk_size / "
                        "1048576 AS chunk_mb;",
                        "SET GLOBAL innodb_buffer_pool_size = <bytes>;  -- resized online",
                        "# my.cnf [mariadb]: innodb_buffer_pool_size = <size>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-buffer-pool-resize.html",
                    "https://mariadb.com/kb/en/innodb-buffer-pool/"],
    ),
    timeout_s=5,
)
