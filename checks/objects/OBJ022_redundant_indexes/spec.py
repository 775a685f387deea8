from checks.judges import pretty_bytes, rows_judge, uses, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _rate(row, ctx):
    return Outcome.WARNING, "duplicate" if row.get("kind") == "duplicate" else "prefix"


_rows = with_sql_total(rows_judge([], problem="duplicate", flag=_rate))


@uses()
def judge(rows, th, ctx) -> Verdict:
    verdict = _rows(rows, th, ctx)
    verdict.params["total_size"] = pretty_bytes(verdict.params.get("total_bytes"))
    return verdict


# Severity: PgHero shows duplicate indexes as a warning and pg-healthcheck G06-002 warns; postgres-
# checkup H004 raises its priority (P3 → P2) only when they pass 5 % of the database, which the
# message states (total size) rather than a level: a redundant index is never urgent.
SPEC = CheckSpec(
    code="OBJ022",
    name="redundant_indexes",
    title=T("Duplicate or redundant indexes", "重复或冗余的索引"),
    category="objects",
    tier="weekly",
    engines={
        # primary only: the catalogs a standby replays are the primary's (one finding per cluster, not per node)
        "postgresql": EngineSupport(min_version="12", privilege="login", roles=("primary",)),
        # information_schema.STATISTICS lists only tables the user holds a privilege on: SHOW VIEW on
        # *.* shows them all without reading data; MariaDB takes index types from InnoDB's dictionary (PROCESS)
        "mysql": EngineSupport(min_version="8.0", privilege="SHOW VIEW, SELECT ON mysql.innodb_index_stats",
                               scope="instance"),
        "mariadb": EngineSupport(min_version="10.3", privilege="SHOW VIEW, PROCESS, SELECT ON mysql.innodb_index_stats",
                                 scope="instance"),
    },
    columns=("schema_name", "table_name", "index_name", "dominant_index", "kind", "size_bytes", "definition",
             "dominant_definition", "constraint_name", "ignored", "total", "total_bytes"),
    object_key=("schema_name", "table_name", "index_name"),
    scope="database",
    # PostgreSQL's SQL also returns partitioned (a partitioned index: sized by its partitions' indexes)
    judge=judge,
    messages={
        "ok": T("No duplicate or redundant index", "没有重复或冗余的索引"),
        "duplicate": T("{count} redundant index(es), {total_size} in all; e.g. {schema_name}.{table_name}."
                       "{index_name} duplicates {dominant_index} ({definition})",
                       "存在 {count} 个冗余索引，共 {total_size}；例如 {schema_name}.{table_name}.{index_name} 与 "
                       "{dominant_index} 重复（{definition}）"),
        "prefix": T("{count} redundant index(es), {total_size} in all; e.g. {schema_name}.{table_name}."
                    "{index_name} ({definition}) is covered by {dominant_index} ({dominant_definition})",
                    "存在 {count} 个冗余索引，共 {total_size}；例如 {schema_name}.{table_name}.{index_name}"
                    "（{definition}）已被 {dominant_index}（{dominant_definition}）覆盖"),
    },
    remediation=RemediationSpec(
        text=T("A redundant index costs every write and its space, and serves no query the other index cannot. Keep "
               "the dominant one and drop the redundant one without blocking; one behind a UNIQUE constraint is "
               "dropped with the constraint. Check first that no query hint or application code names it. An index the "
               "optimizer does not use (MySQL 8 INVISIBLE, MariaDB 10.6+ IGNORED; column ignored = 1) is never the one "
               "kept: one it duplicates or leads is reported against the next visible index only, so making the wide "
               "index invisible first, then dropping the narrow one, cannot leave the queries without an index. "
               "PostgreSQL: DROP CONSTRAINT, for an index behind a UNIQUE constraint, takes a brief ACCESS EXCLUSIVE "
               "lock on the table (set lock_timeout); a partitioned index (partitioned true) has no DROP INDEX "
               "CONCURRENTLY — a plain DROP INDEX locks every partition for the moment it takes. A UNIQUE NULLS NOT "
               "DISTINCT index (15+) or one enforced immediately is never dropped in favour of a plain or DEFERRABLE one.",
               "冗余索引拖慢每次写入并占用空间，却不能提供另一个索引做不到的查询。保留主导索引，以不阻塞业务的方式删除冗余索引；"
               "支撑 UNIQUE 约束的索引需随约束一起删除。删除前确认没有查询提示或应用代码引用它。优化器不使用的索引（MySQL 8 "
               "INVISIBLE、MariaDB 10.6+ IGNORED；ignored 列为 1）绝不作为保留的一方：它所重复或覆盖的索引只会相对于下一个可见"
               "索引报告，因此先把宽索引设为不可见、再删除窄索引，不会让查询失去可用索引。PostgreSQL：支撑 UNIQUE 约束的索引"
               "用 DROP CONSTRAINT 删除，会对表短暂加 ACCESS EXCLUSIVE 锁（设置 lock_timeout）；分区索引（partitioned 为 "
               "true）没有 DROP INDEX CONCURRENTLY，普通 DROP INDEX 在执行期间锁住所有分区。UNIQUE NULLS NOT DISTINCT "
               "索引（15+）或立即检查的唯一索引绝不会为普通或 DEFERRABLE 的索引而被删除。"),
        commands={
            "postgresql": ["DROP INDEX CONCURRENTLY <schema>.<index>;",
                           "SET lock_timeout = '5s'; ALTER TABLE <schema>.<table> DROP CONSTRAINT <constraint_name>;  "
                           "-- when the index backs it: a brief ACCESS EXCLUSIVE lock",
                           "SET lock_timeout = '5s'; DROP INDEX <schema>.<index>;  -- a partitioned index: no CONCURRENTLY"],
            "mysql": ["ALTER TABLE <schema>.<table> ALTER INDEX <index> INVISIBLE;  -- watch, then:",
                      "ALTER TABLE <schema>.<table> DROP INDEX <index>, ALGORITHM=INPLACE, LOCK=NONE;"],
            "mariadb": ["ALTER TABLE <schema>.<table> DROP INDEX <index>, ALGORITHM=INPLACE, LOCK=NONE;"],
        },
        references=["https://www.postgresql.org/docs/current/indexes-multicolumn.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/sys-schema-redundant-indexes.html",
                    "https://docs.percona.com/percona-toolkit/pt-duplicate-key-checker.html"],
    ),
    timeout_s=15,
)
