from checks.judges import num, uses
from checks.performance._mycounters import NO_ROW, messages, pct, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec


def hit(row) -> dict:
    hits, misses = num(row.get("cache_hits")) or 0, num(row.get("cache_misses")) or 0
    days = max(num(row.get("days_since")) or 0, 1 / 24)
    return {"opens": hits + misses, "hit_pct": pct(hits, hits + misses),
            "opened_per_hour": round((num(row.get("opened_tables")) or 0) / (days * 24), 1)}


@uses("hit_pct", "min_opens_per_day")
def judge(rows, th, ctx) -> Verdict:
    return rated(rows, th, value="hit_pct", threshold="hit_pct", activity="opens", floor="min_opens_per_day",
                 compute=hit)


# Over the window: Table_open_cache_hits / _misses / _overflows and Opened_tables from my.status snapshots.
WINDOW = WindowSpec(source="my.status", counters={"cache_hits": "table_open_cache_hits",
                                                   "cache_misses": "table_open_cache_misses",
                                                   "cache_overflows": "table_open_cache_overflows",
                                                   "opened_tables": "opened_tables"}, derive=hit)

SPEC = CheckSpec(
    code="PRF033",
    name="table_cache_misses",
    title=T("Tables are often opened again (table cache too small)", "表缓存命中率低（table_open_cache 过小）"),
    category="performance",
    tier="semiannual",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("cache_hits", "cache_misses", "cache_overflows", "opened_tables", "table_open_cache",
             "table_definition_cache", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="hit_pct", unit="% of table opens", warning=20, critical=5, direction="below",
                  rationale="MySQLTuner warns when the table cache hit rate (Table_open_cache_hits against hits + "
                            "misses) is under 20 % (catalog MY-PERF-06); under 5 % critical is dbpatrol's: almost every "
                            "statement reopens its tables"),
        Threshold(name="min_opens_per_day", unit="table opens/day", kind="guard", value=10000,
                  rationale="below 10,000 table opens a day (and a day's worth at least) the first opening of every "
                            "table after a start dominates the misses: not rated"),
    ),
    judge=judge,
    messages={
        **messages({
            "ok": T("{value}% of {opens} table opens were served by the table cache {basis} ({cache_misses} misses, "
                    "{cache_overflows} overflows; threshold {hit_pct_warning}%)",
                    "{basis}{opens} 次打开表中 {value}% 命中表缓存（未命中 {cache_misses} 次，溢出 {cache_overflows} 次；"
                    "阈值 {hit_pct_warning}%）"),
            "problem": T("only {value}% of table opens were served by the table cache {basis}: {cache_misses} misses "
                         "of {opens}, {cache_overflows} overflows, {opened_tables} tables opened ({opened_per_hour} an "
                         "hour; threshold {hit_pct_warning}%); table_open_cache {table_open_cache}, "
                         "table_definition_cache {table_definition_cache}",
                         "{basis}表缓存命中率仅 {value}%：{opens} 次中未命中 {cache_misses} 次，溢出 {cache_overflows} 次，"
                         "打开表 {opened_tables} 次（每小时 {opened_per_hour} 次；阈值 {hit_pct_warning}%）；table_open_cache "
                         "{table_open_cache}，table_definition_cache {table_definition_cache}"),
            "too_little": T("not applicable (too little activity to rate): fewer than {min_opens_per_day} table opens a day "
                            "{basis_plain}, a day's worth at least",
                            "不适用（活动太少，不评估）：{basis_plain}平均每天少于 {min_opens_per_day} 次打开表（至少按一天计）"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("Raise table_open_cache (dynamic) towards the number of tables in use times the concurrent sessions "
               "using them, and table_definition_cache above the number of tables. Check the file limit first: the "
               "server's own start-up rule needs open_files_limit ≥ 10 + max_connections + 2 × table_open_cache "
               "(CFG041 checks the limits), and open_files_limit changes only at a restart (and the service's "
               "LimitNOFILE); a cache raised past it fails with 'Too many open files'. Overflows mean a cache "
               "instance went over its share: raise the cache, or table_open_cache_instances (restart).",
               "调大 table_open_cache（可在线修改），接近在用表数 × 并发会话数；table_definition_cache 大于表的数量。先检查文件"
               "上限：按实例自身的启动规则需满足 open_files_limit ≥ 10 + max_connections + 2 × table_open_cache（CFG041 检查"
               "这些上限），而 open_files_limit 只能重启修改（以及服务的 LimitNOFILE）；超过上限调大缓存会出现 'Too many open "
               "files' 错误。出现溢出说明某个缓存实例超出了份额：调大缓存或 table_open_cache_instances（需重启）。"),
        commands={
            "mysql": ["SELECT @@open_files_limit, @@max_connections, @@table_open_cache, @@table_open_cache_instances, "
                      "@@table_definition_cache, (SELECT COUNT(*) FROM information_schema.TABLES) AS tables;",
                      "SET PERSIST table_open_cache = <n>; SET PERSIST table_definition_cache = <n>;"],
            "mariadb": ["SELECT @@open_files_limit, @@max_connections, @@table_open_cache, @@table_open_cache_instances, "
                        "@@table_definition_cache, (SELECT COUNT(*) FROM information_schema.TABLES) AS tables;",
                        "SET GLOBAL table_open_cache = <n>; SET GLOBAL table_definition_cache = <n>;",
                        "# my.cnf [mariadb]: table_open_cache = <n>, table_definition_cache = <n>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/table-cache.html",
                    "https://mariadb.com/kb/en/optimizing-table_open_cache/"],
    ),
    timeout_s=5,
)
