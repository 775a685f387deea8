from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

MB = 1024 ** 2
GLOBAL = ("innodb_buffer_pool_size", "key_buffer_size", "innodb_log_buffer_size", "query_cache_size",
          "aria_pagecache_buffer_size")
PER_THREAD = ("read_buffer_size", "read_rnd_buffer_size", "sort_buffer_size", "thread_stack", "join_buffer_size",
              "binlog_cache_size")


def _size(v: float) -> str:
    return f"{v / 1024 ** 3:.1f} GB" if v >= 1024 ** 3 else f"{v / MB:.0f} MB"


def worst_case(v: dict[str, float]) -> tuple[float, float, float]:
    """MySQLTuner's maximum possible memory: global buffers + per-thread buffers x max_connections, the
    per-thread part including the in-memory temporary table limit (min of tmp_table_size and
    max_heap_table_size); on MySQL 8 with internal_tmp_mem_storage_engine = TempTable (temptable_engine 1)
    the temporary tables of all threads share at most temptable_max_ram (MySQLTuner applies that cap to
    TempTable only). Returns (total, global, per-thread total)."""
    conns = v.get("max_connections", 0)
    tmp = min(v.get("tmp_table_size", 0), v.get("max_heap_table_size", v.get("tmp_table_size", 0)))
    per_thread = sum(v.get(n, 0) for n in PER_THREAD) * conns
    tmp_total = tmp * conns
    if "temptable_max_ram" in v and v.get("temptable_engine", 1):
        tmp_total = min(tmp_total, v["temptable_max_ram"])
    glob = sum(v.get(n, 0) for n in GLOBAL)
    return glob + per_thread + tmp_total, glob, per_thread + tmp_total


@uses("host_ram_mb", "buffer_pool_max_pct", "worst_case_pct")
def judge(rows, th, ctx) -> Verdict:
    ram_mb = th["host_ram_mb"].value
    if not ram_mb:
        return Verdict(outcome=Outcome.SKIPPED, message="no_ram", params={}, evidence=[])
    ram = float(ram_mb) * MB
    v = {str(r["name"]): num(r.get("value")) or 0 for r in rows}
    total, glob, threads = worst_case(v)
    bp = v.get("innodb_buffer_pool_size", 0)
    params = {"ram": _size(ram), "buffer_pool": _size(bp), "bp_pct": round(100 * bp / ram, 1), "worst": _size(total),
              "worst_pct": round(100 * total / ram, 1), "global": _size(glob), "threads": _size(threads),
              "max_connections": v.get("max_connections", 0), "bp_max": th["buffer_pool_max_pct"].value}
    bad: list[tuple[dict, Outcome, str]] = []
    if th["buffer_pool_max_pct"].value is not None and params["bp_pct"] > th["buffer_pool_max_pct"].value:
        bad.append(({"name": "innodb_buffer_pool_size", "value": bp, "ram_pct": params["bp_pct"]}, Outcome.WARNING, "pool"))
    o = th["worst_case_pct"].classify(params["worst_pct"])
    if o is not Outcome.OK:
        bad.append(({"name": "worst-case memory", "value": total, "ram_pct": params["worst_pct"]}, o, "worst"))
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    bad.sort(key=lambda b: -b[1].rank)
    return Verdict(outcome=bad[0][1], message=bad[0][2], params={**params, "count": len(bad)},
                   evidence=[b[0] for b in bad], total=len(bad), objects={b[0]["name"]: b[1] for b in bad})


SPEC = CheckSpec(
    code="CFG032",
    name="mysql_memory_exceeds_host_ram",
    title=T("Buffer pool and worst-case memory against the host's RAM", "缓冲池与最坏情况内存占用对比主机内存"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("name", "value"),
    object_key=("name",),
    thresholds=(
        Threshold(name="host_ram_mb", unit="MB", kind="guard", value=None,
                  rationale="the host's RAM, which no SQL view shows: declare it per instance in the inventory "
                            "(thresholds: {CFG032: {host_ram_mb: {value: 65536}}}); unset, the check is not applicable"),
        Threshold(name="buffer_pool_max_pct", unit="% of RAM", kind="guard", value=80,
                  rationale="catalog MY-CFG-02 (75-80 % of RAM): the MySQL manual's 'up to 80 % of physical memory' "
                            "on a dedicated server (InnoDB Buffer Pool; innodb_dedicated_server takes 75 % above 4 GB). "
                            "MySQLTuner has no such rule: it judges the pool against the data (CFG031) and the "
                            "worst case below"),
        Threshold(name="worst_case_pct", unit="% of RAM", warning=85, critical=100,
                  rationale="MySQLTuner pct_max_physical_memory: global buffers + per-thread buffers x max_connections "
                            "above 85 % of RAM is dangerous; above 100 % the settings promise more than the host has"),
    ),
    judge=judge,
    messages={
        "ok": T("Against {ram} of RAM: the buffer pool {buffer_pool} is {bp_pct} % and the worst case {worst} "
                "({worst_pct} %: {global} global + {threads} for {max_connections} connections)",
                "以 {ram} 内存计：缓冲池 {buffer_pool} 占 {bp_pct}%，最坏情况 {worst}（{worst_pct}%：全局 {global} + "
                "{max_connections} 个连接 {threads}）"),
        "no_ram": T("not applicable: the host's RAM is unknown to the database; declare it for the instance "
                    "(CFG032.host_ram_mb in the inventory's thresholds) to judge the buffer pool and the worst-case "
                    "memory against it (CFG031 judges the pool against the data)",
                    "不适用：数据库无法得知主机内存；请在清单中为该实例声明（thresholds 中的 CFG032.host_ram_mb），才能据此判断"
                    "缓冲池与最坏情况内存占用（缓冲池与数据量的比较见 CFG031）"),
        "pool": T("The buffer pool {buffer_pool} is {bp_pct} % of {ram} of RAM (expected at most {bp_max} %): too "
                  "little is left for connections and the OS; {count} problem(s)",
                  "缓冲池 {buffer_pool} 占 {ram} 内存的 {bp_pct}%（应不超过 {bp_max}%）：留给连接与操作系统的内存太少；共 {count} 个问题"),
        "worst": T("With all {max_connections} connections busy the server can use {worst} ({global} global + "
                   "{threads} per-thread), {worst_pct} % of {ram} of RAM (warning at {worst_case_pct_warning} %): the "
                   "OOM killer can end mysqld; {count} problem(s)",
                   "全部 {max_connections} 个连接忙碌时服务器可能使用 {worst}（全局 {global} + 线程 {threads}），占 {ram} 内存的 "
                   "{worst_pct}%（{worst_case_pct_warning}% 告警）：OOM killer 可能杀掉 mysqld；共 {count} 个问题"),
    },
    remediation=RemediationSpec(
        text=T("Lower max_connections (pool connections in the application or ProxySQL / MaxScale), the per-thread "
               "buffers (sort/join/read buffers are allocated per use: keep them small server-wide, raise them per "
               "session) or the buffer pool. All dynamic: MySQL 8 SET PERSIST; MariaDB SET GLOBAL and the config file.",
               "调低 max_connections（在应用或 ProxySQL / MaxScale 中使用连接池）、每线程缓冲（sort/join/read 缓冲按需分配："
               "全局保持较小，按会话调大）或缓冲池。均可在线修改：MySQL 8 用 SET PERSIST；MariaDB 用 SET GLOBAL 并写入配置文件。"),
        commands={
            "mysql": ["SET PERSIST max_connections = <n>;", "SET PERSIST sort_buffer_size = 262144;"],
            "mariadb": ["SET GLOBAL max_connections = <n>;", "# my.cnf [mariadb]: max_connections = <n>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/memory-use.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/innodb-buffer-pool.html",
                    "https://github.com/major/MySQLTuner-perl"],
    ),
    timeout_s=5,
)
