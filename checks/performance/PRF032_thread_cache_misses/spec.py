from checks.judges import uses
from checks.performance._mycounters import NO_ROW, messages, pct, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec


def hit(row) -> dict:
    created = pct(row.get("threads_created"), row.get("connections"))
    return {"hit_pct": None if created is None else round(max(0.0, 100.0 - created), 2)}


def pooled(row) -> bool:
    # MariaDB / Percona: pool-of-threads; MySQL Enterprise's thread pool plugin sets loaded-dynamically.
    handling = str(row.get("thread_handling") or "").lower()
    return "pool" in handling or handling == "loaded-dynamically"


@uses("hit_pct", "min_connections_per_day")
def judge(rows, th, ctx) -> Verdict:
    return rated(rows, th, value="hit_pct", threshold="hit_pct", activity="connections",
                 floor="min_connections_per_day", compute=hit, not_applicable=pooled)


# Over the window: Connections and Threads_created from my.status snapshots (the sampler's one connection per run
# and instance is in Connections; its thread usually comes from the cache).
WINDOW = WindowSpec(source="my.status", counters={"connections": "connections", "threads_created": "threads_created"},
                    derive=hit)

SPEC = CheckSpec(
    code="PRF032",
    name="thread_cache_misses",
    title=T("Connections often need a new thread (thread cache too small)", "连接经常需要新建线程（线程缓存过小）"),
    category="performance",
    tier="semiannual",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("connections", "threads_created", "thread_cache_size", "thread_handling", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="hit_pct", unit="% of connections", warning=90, critical=50, direction="below",
                  rationale="MySQLTuner's health score gives full marks above a 90 % thread cache hit rate and it "
                            "warns at 50 % or less (catalog MY-PERF-05)"),
        Threshold(name="min_connections_per_day", unit="connections/day", kind="guard", value=1000,
                  rationale="below 1,000 connections a day (and a day's worth at least) a few threads created at "
                            "start-up or by a burst dominate the rate: not rated (applications with a pool connect "
                            "rarely and are healthy anyway)"),
    ),
    judge=judge,
    messages={
        **messages({
            "ok": T("{value}% of {connections} connections reused a cached thread {basis} ({threads_created} threads "
                    "created; threshold {hit_pct_warning}%)",
                    "{basis}{connections} 个连接中 {value}% 复用了缓存线程（新建线程 {threads_created} 个；阈值 "
                    "{hit_pct_warning}%）"),
            "problem": T("only {value}% of connections reused a cached thread {basis}: {threads_created} threads "
                         "created for {connections} connections (threshold {hit_pct_warning}%, critical "
                         "{hit_pct_critical}%); thread_cache_size {thread_cache_size}",
                         "{basis}仅 {value}% 的连接复用了缓存线程：{connections} 个连接新建线程 {threads_created} 个（阈值 "
                         "{hit_pct_warning}%，严重 {hit_pct_critical}%）；thread_cache_size {thread_cache_size}"),
            "too_little": T("not applicable (too little activity to rate): fewer than {min_connections_per_day} connections a day "
                            "{basis_plain}, a day's worth at least",
                            "不适用（活动太少，不评估）：{basis_plain}平均每天少于 {min_connections_per_day} 个连接（至少按一天计）"),
            "not_applicable": T("not applicable: thread_handling is {thread_handling}, a thread pool serves the "
                                "connections and the thread cache is not used",
                                "不适用：thread_handling 为 {thread_handling}，连接由线程池处理，不使用线程缓存"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("Raise thread_cache_size (dynamic; MariaDB and MySQL size it automatically from max_connections unless "
               "set) towards the connections opened in a busy second, so that threads of ended connections are kept; "
               "or have the applications use a connection pool. Each cached thread keeps its stack (thread_stack) and "
               "some memory: <n> × that at most. Many short connections also cost authentication and TLS set-up "
               "each time.",
               "调大 thread_cache_size（可在线修改；未设置时 MariaDB 与 MySQL 按 max_connections 自动计算），接近繁忙时每秒"
               "新建的连接数，以保留已结束连接的线程；或让应用使用连接池。每个缓存线程保留其线程栈（thread_stack）及少量内存："
               "最多 <n> × 该值。大量短连接每次还要付出认证与 TLS 握手的开销。"),
        commands={
            "mysql": ["SELECT @@thread_cache_size, @@max_connections, @@thread_stack;",
                      "SET PERSIST thread_cache_size = <n>;"],
            "mariadb": ["SELECT @@thread_cache_size, @@max_connections, @@thread_stack;",
                        "SET GLOBAL thread_cache_size = <n>;", "# my.cnf [mariadb]: thread_cache_size = <n>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_thread_cache_size",
                    "https://mariadb.com/kb/en/server-system-variables/#thread_cache_size"],
    ),
    timeout_s=5,
)
