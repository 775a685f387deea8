from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

MB = 1024 * 1024


@uses("min_index_mb", "min_days", "min_counted_pct")
def judge(rows, th, ctx) -> Verdict:
    head = rows[0] if rows else {}
    min_days = th["min_days"].value or 0
    floor_mb = th["min_index_mb"].value or 0
    found = [r for r in rows if r.get("index_name") is not None]
    params = {**{k: head.get(k) for k in ("counters_since", "counters_age_days")}, "min_days": min_days,
              "min_index_mb": floor_mb}
    if rows and not num(head.get("instrumented")):
        return Verdict(outcome=Outcome.SKIPPED, message="not_counted", params=params, evidence=[])
    if rows and head.get("incomplete"):
        params["incomplete"] = head.get("incomplete")
        return Verdict(outcome=Outcome.SKIPPED, message="incomplete", params=params, evidence=[])
    counted, least = num(head.get("counted_pct")), th["min_counted_pct"].value
    if rows and counted is not None and least is not None and counted < least:
        params.update(counted_pct=counted, min_counted_pct=least)
        return Verdict(outcome=Outcome.SKIPPED, message="reset", params=params, evidence=[])
    if rows and (num(head.get("counters_age_days")) or 0) < min_days:
        # an index a weekly or month-end job uses looks unused for days after a restart or reset
        return Verdict(outcome=Outcome.SKIPPED, message="too_young", params=params, evidence=[])
    bad = [r for r in found if (num(r.get("size_bytes")) or 0) >= floor_mb * MB]
    matched = int(num(head.get("total")) or 0)
    # the SQL returns the largest first: when a returned one is under the floor, every one over it came back
    cut = len(found) < matched and len(bad) == len(found)
    params.update(count=len(bad), more="+" if cut else "", total=matched,
                  unused_mb=round(sum(num(r.get("size_bytes")) or 0 for r in bad) / MB, 1),
                  data_mb=round((num(head.get("data_bytes")) or 0) / MB, 1))
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[], objects={})
    worst = bad[0]
    params.update({k: worst.get(k) for k in ("schema_name", "table_name", "index_name", "definition")},
                  size_mb=round((num(worst.get("size_bytes")) or 0) / MB, 1))
    params["partitions"] = worst.get("partitions")
    return Verdict(outcome=Outcome.WARNING, message="unused_partitioned" if worst.get("partitions") else "unused",
                   params=params, evidence=bad[:EVIDENCE_LIMIT],
                   total=matched if cut else len(bad), objects={ctx.object_of(r): Outcome.WARNING for r in bad})


SPEC = CheckSpec(
    code="OBJ021",
    name="unused_indexes",
    title=T("Indexes unused since the statistics started", "统计开始以来从未使用的索引"),
    category="objects",
    tier="weekly",
    engines={
        # primary only: a standby counts its own scans, so an idle one reports every index unused; its
        # SQL also returns ``partitions`` (a partitioned index rolled up from its partitions' indexes)
        "postgresql": EngineSupport(min_version="12", privilege="login", roles=("primary",)),
        # performance_schema's per-index I/O, InnoDB's dictionary (PROCESS) for uniqueness and
        # foreign keys, the persistent statistics for sizes
        "mysql": EngineSupport(min_version="8.0", privilege="PROCESS, SELECT ON performance_schema.*, "
                                                            "SELECT ON mysql.innodb_index_stats",
                               requires=("performance_schema",), scope="instance"),
        "mariadb": EngineSupport(min_version="10.6", privilege="PROCESS, SELECT ON performance_schema.*, "
                                                               "SELECT ON mysql.innodb_index_stats",
                                 requires=("performance_schema",), scope="instance"),
    },
    columns=("schema_name", "index_name", "table_name", "size_bytes", "idx_scan", "definition", "counters_age_days",
             "counters_since", "total", "total_bytes", "data_bytes", "instrumented", "incomplete", "counted_pct"),
    object_key=("schema_name", "table_name", "index_name"),
    scope="database",
    basis="cumulative",
    thresholds=(
        Threshold(name="min_index_mb", unit="MB", kind="guard", value=10,
                  rationale="a size floor: PgHero lists unused indexes of 10 MB or more (unused_index_megabytes 10; "
                            "catalog PG-OBJ-02); pg-healthcheck G06-001 uses 1 MB. A smaller unused index costs little"),
        Threshold(name="min_days", unit="days", kind="guard", value=7,
                  rationale="counters younger than this are not rated: MySQLTuner wants 24 h of uptime before it "
                            "judges; a week covers the weekly jobs (a month-end job's index still needs checking "
                            "before it is dropped). PgHero warns that a stats reset makes every index look unused"),
        Threshold(name="min_counted_pct", unit="%", kind="guard", value=10,
                  rationale="MySQL/MariaDB: performance_schema's table I/O can be reset (TRUNCATE, "
                            "sys.ps_truncate_all_tables) while Uptime says it counts since the start; its row "
                            "operations are compared with the Handler_* status counters, which the reset leaves: "
                            "measured on MariaDB 10.11, 85 % of them after a workload, 7 % once truncated and read "
                            "again; under 10 % the counters are taken as reset and not rated"),
    ),
    judge=judge,
    messages={
        "ok": T("No index of {min_index_mb} MB or more unused since {counters_since} ({total} smaller ones)",
                "自 {counters_since} 以来没有 {min_index_mb} MB 及以上的未使用索引（另有 {total} 个更小的）"),
        "unused": T("{count}{more} index(es) of {min_index_mb} MB or more not used by any scan since {counters_since} "
                    "({counters_age_days} days), {unused_mb} MB of {data_mb} MB; largest {schema_name}.{table_name}."
                    "{index_name} ({size_mb} MB: {definition})",
                    "自 {counters_since}（{counters_age_days} 天）以来有 {count}{more} 个 {min_index_mb} MB 及以上的索引从未"
                    "被扫描使用，共 {unused_mb} MB（总量 {data_mb} MB）；最大的是 {schema_name}.{table_name}.{index_name}"
                    "（{size_mb} MB：{definition}）"),
        "unused_partitioned": T("{count}{more} index(es) of {min_index_mb} MB or more not used by any scan since "
                                "{counters_since} ({counters_age_days} days), {unused_mb} MB of {data_mb} MB; largest "
                                "{schema_name}.{table_name}.{index_name}, a partitioned index whose {partitions} "
                                "partitions' indexes were none of them scanned ({size_mb} MB: {definition})",
                                "自 {counters_since}（{counters_age_days} 天）以来有 {count}{more} 个 {min_index_mb} MB "
                                "及以上的索引从未被扫描使用，共 {unused_mb} MB（总量 {data_mb} MB）；最大的是分区索引 "
                                "{schema_name}.{table_name}.{index_name}，其 {partitions} 个分区上的索引均未被扫描"
                                "（{size_mb} MB：{definition}）"),
        "too_young": T("not applicable yet: the index counters started {counters_since}, {counters_age_days} days ago, "
                       "under {min_days} days (a restart, crash or statistics reset); not rated",
                       "暂不适用：索引计数自 {counters_since} 开始，仅 {counters_age_days} 天，不足 {min_days} 天（实例重启、"
                       "崩溃或统计重置），不评估"),
        "incomplete": T("not applicable: performance_schema does not count every session's or table's I/O "
                        "({incomplete}): an index used only by what it leaves out would look unused; not rated",
                        "不适用：performance_schema 未统计所有会话或表的 I/O（{incomplete}）：只被未统计部分使用的索引会显得"
                        "未被使用，不评估"),
        "reset": T("not applicable: performance_schema's table I/O holds {counted_pct} % of the row operations the "
                   "server counted since it started (under {min_counted_pct} %): its counters were reset "
                   "(TRUNCATE, sys.ps_truncate_all_tables) since {counters_since}, so 'unused since start' is not "
                   "known; not rated",
                   "不适用：performance_schema 的表 I/O 仅为服务器启动以来行操作数的 {counted_pct}%（低于 "
                   "{min_counted_pct}%）：其计数在 {counters_since} 之后被重置过（TRUNCATE、sys.ps_truncate_all_tables），"
                   "无法判断“自启动以来未使用”，不评估"),
        "not_counted": T("not applicable: table I/O is not instrumented (performance_schema instrument "
                         "wait/io/table/sql/handler or consumer global_instrumentation off), or track_counts is off",
                         "不适用：未采集表 I/O（performance_schema 的 wait/io/table/sql/handler 采集项或 "
                         "global_instrumentation 消费者已关闭），或 track_counts 已关闭"),
    },
    remediation=RemediationSpec(
        text=T("Unused indexes slow every write and take space and cache. Before dropping one, check it is unused on "
               "every server that runs queries (each standby or replica counts its own scans) and over a whole "
               "business cycle (month-end, year-end jobs), and keep its definition to recreate it. Drop it without "
               "blocking (PostgreSQL: DROP INDEX CONCURRENTLY); on MySQL 8 make it invisible first and drop it later. "
               "A PostgreSQL partitioned index (partitions set) is dropped with a plain DROP INDEX — there is no "
               "CONCURRENTLY form, and its partitions' indexes cannot be dropped alone — which locks every partition "
               "(ACCESS EXCLUSIVE) for the moment it takes: set lock_timeout and run it off-peak.",
               "未使用的索引拖慢每次写入，并占用空间和缓存。删除前确认它在所有承担查询的服务器上都未被使用（每个备库/从库"
               "各自计数），并覆盖完整的业务周期（月末、年末任务），同时保存定义以便重建。删除时不要阻塞业务"
               "（PostgreSQL：DROP INDEX CONCURRENTLY）；MySQL 8 可先设为不可见，观察后再删除。PostgreSQL 的分区索引"
               "（partitions 有值）只能用普通 DROP INDEX 删除——没有 CONCURRENTLY 形式，分区上的索引也不能单独删除——"
               "它会在执行期间对每个分区加 ACCESS EXCLUSIVE 锁：设置 lock_timeout 并在业务低峰执行。"),
        commands={
            "postgresql": [
                "SELECT schemaname, relname, indexrelname, idx_scan, pg_size_pretty(pg_relation_size(indexrelid)) "
                "FROM pg_stat_user_indexes WHERE idx_scan = 0 ORDER BY pg_relation_size(indexrelid) DESC;",
                "SELECT pg_get_indexdef('<schema>.<index>'::regclass);  -- keep it to recreate",
                "DROP INDEX CONCURRENTLY <schema>.<index>;",
                "SET lock_timeout = '5s'; DROP INDEX <schema>.<index>;  -- a partitioned index: no CONCURRENTLY form",
            ],
            "mysql": [
                "ALTER TABLE <schema>.<table> ALTER INDEX <index> INVISIBLE;  -- watch, then:",
                "ALTER TABLE <schema>.<table> DROP INDEX <index>, ALGORITHM=INPLACE, LOCK=NONE;",
            ],
            "mariadb": [
                "SHOW CREATE TABLE <schema>.<table>;  -- keep the index definition",
                "ALTER TABLE <schema>.<table> ALTER INDEX <index> IGNORED;  -- MariaDB 10.6+: watch, then:",
                "ALTER TABLE <schema>.<table> DROP INDEX <index>, ALGORITHM=INPLACE, LOCK=NONE;",
            ],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ALL-INDEXES-VIEW",
                    "https://dev.mysql.com/doc/refman/8.0/en/performance-schema-table-io-waits-summary-by-index-usage-table.html",
                    "https://mariadb.com/kb/en/ignored-indexes/"],
    ),
    timeout_s=10,
)
