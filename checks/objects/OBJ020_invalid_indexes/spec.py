from checks.judges import rows_judge, uses, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _rate(row, ctx):
    if row.get("building"):
        return None  # CREATE/REINDEX CONCURRENTLY is building it right now: invalid until it finishes
    if row.get("is_unique") and row.get("is_ready"):
        return Outcome.CRITICAL, "unique"
    return Outcome.WARNING, "invalid_maintained" if row.get("is_ready") else "invalid"


_rows = with_sql_total(rows_judge([], problem="invalid", flag=_rate))


@uses()
def judge(rows, th, ctx) -> Verdict:
    verdict = _rows(rows, th, ctx)
    verdict.params["building"] = sum(1 for r in rows if r.get("building"))
    return verdict


# Severity: any invalid index is a finding (postgres-checkup H001, PgHero, pgwatch; catalog PG-OBJ-01);
# pg-healthcheck G06-003 rates every one critical. Here a UNIQUE one that is still maintained
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
        "postgresql": EngineSupport(min_version="12", privilege="pg_monitor"),
    },
    columns=("schema_name", "index_name", "table_name", "is_unique", "is_ready", "size_bytes", "building", "total"),
    object_key=("schema_name", "index_name"),
    scope="database",
    judge=judge,
    messages={
        "ok": T("No invalid index ({building} being built concurrently right now)",
                "没有无效索引（另有 {building} 个正在并发创建）"),
        "invalid": T("{count} invalid index(es); e.g. {schema_name}.{index_name} on {table_name} ({size_bytes} bytes), "
                     "left by a failed concurrent build: never used by queries, and what it was built for (a unique "
                     "rule, a faster plan) does not exist",
                     "存在 {count} 个无效索引；例如表 {table_name} 上的 {schema_name}.{index_name}（{size_bytes} 字节），"
                     "为并发建索引失败的残留：查询不会使用它，它本应提供的唯一约束或执行计划也不存在"),
        "invalid_maintained": T("{count} invalid index(es); e.g. {schema_name}.{index_name} on {table_name} "
                                "({size_bytes} bytes): never used by queries, yet maintained on every write",
                                "存在 {count} 个无效索引；例如表 {table_name} 上的 {schema_name}.{index_name}（{size_bytes} "
                                "字节）：查询不会使用它，但每次写入仍要维护"),
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
               "index is still valid.",
               "先查明构建失败的原因（唯一索引存在重复值、死锁、会话被取消、statement_timeout），然后删除无效索引并重新并发创建，"
               "或对其执行 REINDEX CONCURRENTLY。REINDEX CONCURRENTLY 失败残留的 <name>_ccnew 直接删除即可，原索引仍有效。"),
        commands={"postgresql": [
            "SELECT indexrelid::regclass, indrelid::regclass, pg_get_indexdef(indexrelid) FROM pg_index WHERE NOT indisvalid;",
            "DROP INDEX CONCURRENTLY <schema>.<index>;  -- then the CREATE [UNIQUE] INDEX CONCURRENTLY from pg_get_indexdef",
            "REINDEX INDEX CONCURRENTLY <schema>.<index>;",
        ]},
        references=["https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY",
                    "https://www.postgresql.org/docs/current/sql-reindex.html#SQL-REINDEX-CONCURRENTLY"],
    ),
    timeout_s=10,
)
