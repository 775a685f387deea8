from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome


def _rate(row, ctx):
    return (Outcome.CRITICAL, "unique") if str(row.get("uniqueness") or "").upper() == "UNIQUE" else (Outcome.WARNING, "unusable")


SPEC = CheckSpec(
    code="OBJ002",
    name="unusable_indexes",
    title=T("Oracle unusable indexes or index partitions", "Oracle 存在不可用（UNUSABLE）的索引或索引分区"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_INDEXES, SELECT ON DBA_IND_PARTITIONS, "
                                                                    "SELECT ON DBA_IND_SUBPARTITIONS")},
    columns=("owner", "index_name", "partition_name", "table_name", "uniqueness"),
    judge=rows_judge([], problem="unusable", flag=_rate),
    messages={
        "ok": T("No unusable index or index partition", "没有不可用的索引或索引分区"),
        "unusable": T("{total} unusable index / partition(s); e.g. {owner}.{index_name} {partition_name} on {table_name}",
                      "存在 {total} 个不可用的索引/分区；例如 {table_name} 上的 {owner}.{index_name} {partition_name}"),
        "unique": T("Unique index {owner}.{index_name} {partition_name} on {table_name} is UNUSABLE: inserts and updates "
                    "on it fail with ORA-01502 ({total} unusable in all)",
                    "表 {table_name} 上的唯一索引 {owner}.{index_name} {partition_name} 不可用：相关插入和更新会报 ORA-01502"
                    "（共 {total} 个不可用）"),
    },
    remediation=RemediationSpec(
        text=T("Rebuild what is unusable — the index, or only its unusable partitions / subpartitions (ONLINE needs "
               "Enterprise Edition; a rebuild of a large index takes time, temp space and redo: schedule it) — and find "
               "what made it unusable (partition maintenance without UPDATE INDEXES, a direct-path load, ALTER TABLE "
               "MOVE without ONLINE).",
               "重建不可用的部分——整个索引，或仅其不可用的分区/子分区（ONLINE 需企业版；大索引重建耗时且占用临时空间并产生 REDO，"
               "应安排时间）——并查明原因（分区维护未带 UPDATE INDEXES、直接路径装载、未带 ONLINE 的 ALTER TABLE MOVE）。"),
        commands={"oracle": ["ALTER INDEX <owner>.<index> REBUILD ONLINE;",
                             "ALTER INDEX <owner>.<index> REBUILD PARTITION <p> ONLINE;",
                             "ALTER INDEX <owner>.<index> REBUILD SUBPARTITION <sp> ONLINE;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_INDEXES.html"],
    ),
    timeout_s=30,
    object_key=("owner", "index_name", "partition_name"),
)
