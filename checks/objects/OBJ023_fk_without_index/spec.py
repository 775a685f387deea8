from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def pages(row) -> float:
    return (num(row.get("table_bytes")) or 0) / (num(row.get("block_size")) or 8192)


@uses("min_table_pages")
def judge(rows, th, ctx) -> Verdict:
    floor = th["min_table_pages"].value or 0
    bad = [r for r in rows if pages(r) >= floor]
    matched = int(num(rows[0].get("total")) or 0) if rows else 0
    cut = len(rows) < matched and len(bad) == len(rows)  # largest first: every one over the floor came back
    params = {"count": len(bad), "more": "+" if cut else "", "total": matched, "small": matched - len(bad),
              "min_table_pages": floor}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[], objects={})
    worst = bad[0]
    params.update(worst, table_mb=round((num(worst.get("table_bytes")) or 0) / 2**20, 1))
    key = "partitioned" if worst.get("table_kind") == "p" and worst.get("missing_names") else "problem"
    return Verdict(outcome=Outcome.WARNING, message=key, params=params, evidence=bad[:EVIDENCE_LIMIT],
                   total=matched if cut else len(bad), objects={ctx.object_of(r): Outcome.WARNING for r in bad})


SPEC = CheckSpec(
    code="OBJ023",
    name="fk_without_index",
    title=T("Foreign keys without a supporting index", "外键列缺少索引"),
    category="objects",
    tier="weekly",
    # primary only: the catalogs a standby replays are the primary's (one finding per cluster, not per node)
    engines={"postgresql": EngineSupport(min_version="12", privilege="login", roles=("primary",))},
    columns=("schema_name", "table_name", "constraint_name", "columns", "referenced_table", "table_kind",
             "missing_partitions", "missing_names", "table_bytes", "referenced_bytes", "block_size", "total"),
    object_key=("schema_name", "table_name", "constraint_name"),
    scope="database",
    thresholds=(
        Threshold(name="min_table_pages", unit="pages", kind="guard", value=100,
                  rationale="a size floor: postgres-checkup H003 leaves out referencing tables of 100 pages or fewer on "
                            "large databases (IS_LARGE_DB); scanning a smaller table per deleted parent row is cheap"),
    ),
    judge=judge,
    messages={
        "ok": T("Every foreign key on a table over {min_table_pages} pages has a supporting index ({small} smaller "
                "tables' FKs have none)",
                "超过 {min_table_pages} 页的表上的外键都有支撑索引（另有 {small} 个更小表上的外键没有）"),
        "problem": T("{count}{more} foreign key(s) without a supporting index; e.g. {schema_name}.{table_name}."
                     "{constraint_name} ({columns}) → {referenced_table}, table {table_mb} MB: each delete or key "
                     "update of a {referenced_table} row scans the whole of {schema_name}.{table_name}",
                     "{count}{more} 个外键缺少支撑索引；例如 {schema_name}.{table_name}.{constraint_name}（{columns}）→ "
                     "{referenced_table}，表大小 {table_mb} MB：被引用表每删除或修改一行键值都要全表扫描该表"),
        "partitioned": T("{count}{more} foreign key(s) without a supporting index; e.g. {schema_name}.{table_name}."
                         "{constraint_name} ({columns}) → {referenced_table}, a partitioned table of {table_mb} MB "
                         "whose {missing_partitions} partition(s) {missing_names} have no index on {columns}: each "
                         "delete or key update of a {referenced_table} row scans them whole",
                         "{count}{more} 个外键缺少支撑索引；例如 {schema_name}.{table_name}.{constraint_name}（{columns}）→ "
                         "{referenced_table}，该分区表大小 {table_mb} MB，其中 {missing_partitions} 个分区 {missing_names} "
                         "没有 {columns} 上的索引：被引用表每删除或修改一行键值都要全表扫描这些分区"),
    },
    remediation=RemediationSpec(
        text=T("Create an index whose leading columns are the foreign key's columns, concurrently so writes go on; "
               "check first that no existing multi-column index could simply be reordered. A partitioned table refuses "
               "CREATE INDEX CONCURRENTLY, and a plain CREATE INDEX on it blocks writes to every partition for the "
               "whole build: create the index ON ONLY the parent, build it concurrently on each partition listed "
               "(missing_names), and attach each.",
               "创建以外键列为前导列的索引，并使用 CONCURRENTLY 以免阻塞写入；先确认是否已有多列索引只需调整列顺序即可。"
               "分区表不支持 CREATE INDEX CONCURRENTLY，而对其直接 CREATE INDEX 会在整个建索引期间阻塞所有分区的写入："
               "应先在父表上 CREATE INDEX … ON ONLY，再在所列每个分区（missing_names）上并发创建并逐个挂接。"),
        commands={"postgresql": [
            "CREATE INDEX CONCURRENTLY ON <schema>.<table> (<columns>);",
            "-- a partitioned table (table_kind p):",
            "CREATE INDEX <table>_<columns>_idx ON ONLY <schema>.<table> (<columns>);",
            "CREATE INDEX CONCURRENTLY <partition>_<columns>_idx ON <schema>.<partition> (<columns>);  -- each partition",
            "ALTER INDEX <schema>.<table>_<columns>_idx ATTACH PARTITION <schema>.<partition>_<columns>_idx;",
            "SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f';",
        ]},
        references=["https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK",
                    "https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY"],
    ),
    timeout_s=10,
)
