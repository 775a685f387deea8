from checks.judges import pretty_bytes, rows_judge, uses, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _rate(row, ctx):
    if row.get("building"):
        return None  # CREATE/REINDEX CONCURRENTLY is building it right now: invalid until it finishes
    if row.get("index_kind") == "I":
        # a partitioned index built ON ONLY, not yet attached on every partition: the documented
        # non-blocking way to index a partitioned table, perhaps left half-way; it has no storage and
        # rejects nothing (each partition's own index does, where one exists) — never CRITICAL
        return Outcome.WARNING, "partitioned"
    if row.get("is_unique") and row.get("is_ready"):
        return Outcome.CRITICAL, "unique"
    return Outcome.WARNING, "invalid_maintained" if row.get("is_ready") else "invalid"


_rows = with_sql_total(rows_judge([], problem="invalid", flag=_rate))


@uses()
def judge(rows, th, ctx) -> Verdict:
    verdict = _rows(rows, th, ctx)
    verdict.params["building"] = sum(1 for r in rows if r.get("building"))
    verdict.params["size"] = pretty_bytes(verdict.params.get("size_bytes"))
    return verdict


# Severity: any invalid index is a finding (postgres-checkup H001, PgHero, pgwatch; catalog PG-OBJ-01);
# pg-healthcheck internal/checks/g06_indexes.go G06-003 rates every one critical (NewCrit; its
# docs/check_reference.md lists G06-003 as WARN — the code is quoted here, as for every G06 number). Here a UNIQUE one that is still maintained
# (indisready) is critical — writes are checked against an index nothing else can use — and the
# others warn.
SPEC = CheckSpec(
    code="OBJ020",
    name="invalid_indexes",
    title=T("Invalid indexes (failed concurrent builds)", "无效索引（并发建索引失败残留）"),
    category="objects",
    tier="weekly",
    engines={
        # pg_monitor: the progress rows of other users' CREATE INDEX CONCURRENTLY (pg_read_all_stats),
        # without which an index being built would be reported as failed
        # primary only (review item 23): a standby's pg_locks / pg_stat_progress_create_index show only its own
        # activity, so the index a CREATE INDEX CONCURRENTLY on the primary is building would read as failed
        # there — and the catalogs are the primary's anyway
        "postgresql": EngineSupport(min_version="12", privilege="pg_monitor", roles=("primary",)),
    },
    columns=("schema_name", "index_name", "table_name", "index_kind", "is_unique", "is_ready", "size_bytes", "building",
             "partitions", "missing_partitions", "missing_names", "total"),
    object_key=("schema_name", "index_name"),
    scope="database",
    judge=judge,
    messages={
        "ok": T("No invalid index ({building} being built concurrently right now)",
                "没有无效索引（另有 {building} 个正在并发创建）"),
        "invalid": T("{count} invalid index(es); e.g. {schema_name}.{index_name} on {table_name} ({size}), "
                     "left by a failed concurrent build: never used by queries, and what it was built for (a unique "
                     "rule, a faster plan) does not exist",
                     "存在 {count} 个无效索引；例如表 {table_name} 上的 {schema_name}.{index_name}（{size}），"
                     "为并发建索引失败的残留：查询不会使用它，它本应提供的唯一约束或执行计划也不存在"),
        "invalid_maintained": T("{count} invalid index(es); e.g. {schema_name}.{index_name} on {table_name} "
                                "({size}): never used by queries, yet maintained on every write",
                                "存在 {count} 个无效索引；例如表 {table_name} 上的 {schema_name}.{index_name}（{size}）："
                                "查询不会使用它，但每次写入仍要维护"),
        "partitioned": T("{count} invalid index(es); e.g. partitioned index {schema_name}.{index_name} on {table_name} "
                         "is not yet attached on {missing_partitions} of {partitions} partition(s) ({missing_names}): "
                         "a build ON ONLY left unfinished — queries on those partitions have no such index, and it "
                         "stays invalid until each has one attached",
                         "存在 {count} 个无效索引；例如表 {table_name} 上的分区索引 {schema_name}.{index_name} 在 "
                         "{partitions} 个分区中尚有 {missing_partitions} 个未挂接（{missing_names}）：ON ONLY 方式的"
                         "建索引未完成，这些分区上没有该索引，在每个分区都挂接有效索引之前它一直无效"),
        "unique": T("Invalid UNIQUE index {schema_name}.{index_name} on {table_name} is still maintained: it rejects "
                    "new duplicates, but no query or ON CONFLICT can use it and the rows it did not validate may hold "
                    "duplicates ({count} invalid in all)",
                    "表 {table_name} 上的唯一索引 {schema_name}.{index_name} 无效但仍被维护：它会拒绝新的重复值，"
                    "但查询和 ON CONFLICT 都无法使用它，未经其校验的已有数据可能存在重复（共 {count} 个无效索引）"),
    },
    remediation=RemediationSpec(
        text=T("Find why the build failed (duplicates for a unique index, a deadlock, a cancelled session, a "
               "statement_timeout), then drop the invalid index and build it again concurrently — or REINDEX "
               "CONCURRENTLY it. A leftover <name>_ccnew from a failed REINDEX CONCURRENTLY is dropped, the original "
               "index is still valid. A partitioned index (index_kind I) is finished, not dropped: build the index "
               "concurrently on each partition listed (missing_names) and attach it; the parent becomes valid when "
               "the last one is attached. DROP INDEX CONCURRENTLY refuses a partitioned index, and REINDEX leaves it "
               "invalid.",
               "先查明构建失败的原因（唯一索引存在重复值、死锁、会话被取消、statement_timeout），然后删除无效索引并重新并发创建，"
               "或对其执行 REINDEX CONCURRENTLY。REINDEX CONCURRENTLY 失败残留的 <name>_ccnew 直接删除即可，原索引仍有效。"
               "分区索引（index_kind 为 I）应补完而非删除：在所列的每个分区（missing_names）上并发创建该索引并挂接，"
               "最后一个挂接后父索引即变为有效。DROP INDEX CONCURRENTLY 不能用于分区索引，REINDEX 也不会使其有效。"),
        commands={"postgresql": [
            "SELECT indexrelid::regclass, indrelid::regclass, pg_get_indexdef(indexrelid) FROM pg_index WHERE NOT indisvalid;",
            "DROP INDEX CONCURRENTLY <schema>.<index>;  -- then the CREATE [UNIQUE] INDEX CONCURRENTLY from pg_get_indexdef",
            "REINDEX INDEX CONCURRENTLY <schema>.<index>;",
            "-- a partitioned index (index_kind I), for each partition in missing_names (same columns, same UNIQUE;"
            " a partition partitioned itself: ON ONLY and the same steps one level down):",
            "CREATE [UNIQUE] INDEX CONCURRENTLY <partition>_<cols>_idx ON <schema>.<partition> (<cols>);",
            "ALTER INDEX <schema>.<index> ATTACH PARTITION <schema>.<partition>_<cols>_idx;",
        ]},
        references=["https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY",
                    "https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE",
                    "https://www.postgresql.org/docs/current/sql-reindex.html#SQL-REINDEX-CONCURRENTLY"],
    ),
    timeout_s=10,
)
