from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="PRF068",
    name="hot_segments",
    title=T("Oracle hot segments: logical reads and row lock waits per segment (licence-free AWR segment statistics)",
            "Oracle 热点段：各段的逻辑读与行锁等待（免许可的 AWR 段统计）"),
    category="performance",
    tier="semiannual",
    engines={"oracle": EngineSupport(container="root", min_version="19",
                                     privilege="SELECT ON DBA_HIST_SNAPSHOT, SELECT ON DBA_HIST_SEG_STAT, "
                                               "SELECT ON DBA_HIST_SEG_STAT_OBJ, SELECT ON V_$DATABASE")},
    columns=(*BASIS_COLUMNS, "counters_since", "con_id", "owner", "object_name", "subobject_name", "object_type", "logical_reads",
             "physical_reads", "row_lock_waits", "buffer_busy_waits", "pct_logical_reads", "total_logical_reads"),
    thresholds=(
        Threshold(name="logical_share_pct", unit="% of captured logical reads", warning=40, critical=70, direction="above",
                  rationale="one segment doing 40 % / 70 % of the logical reads AWR captured is a hot spot (the AWR report's "
                            "'Segments by Logical Reads' %Total; Oracle Database Performance Tuning Guide 19c); levels ours "
                            "(catalog ORA-PERF-09 names none)"),
        Threshold(name="row_lock_waits", unit="waits", warning=1000, critical=10000, direction="above",
                  rationale="row lock waits on one segment over the window ('Segments by Row Lock Waits'): contention on "
                            "the same rows; levels ours"),
        Threshold(name="min_logical_reads", unit="logical reads", kind="guard", value=10000000,
                  rationale="under 10 million captured logical reads the shares are not rated (a nearly idle database; ours)"),
    ),
    judge=perf_judge([("pct_logical_reads", "logical_share_pct"), ("row_lock_waits", "row_lock_waits")],
                     key="object_name", problem="hot", guard=("total_logical_reads", "min_logical_reads")),
    messages={
        **messages_common(),
        "ok": T("No hot segment: the busiest, {owner}.{object_name} ({object_type}), did {pct_logical_reads} % of "
                "{total_logical_reads} captured logical reads, {row_lock_waits} row lock waits ({total} listed; source: {basis_en})",
                "没有热点段：最繁忙的 {owner}.{object_name}（{object_type}）占已捕获逻辑读 {total_logical_reads} 的 "
                "{pct_logical_reads} %，行锁等待 {row_lock_waits} 次（列出 {total} 个；来源：{basis_zh}）"),
        "light": T("Too few logical reads to rate: {total_logical_reads} captured (under {guard}); the busiest segment was "
                   "{owner}.{object_name} (source: {basis_en})",
                   "逻辑读过少，不评估：已捕获 {total_logical_reads}（低于 {guard}）；最繁忙的段为 {owner}.{object_name}（来源：{basis_zh}）"),
        "hot": T("Segment {owner}.{object_name} ({object_type}) is hot: {pct_logical_reads} % of {total_logical_reads} "
                 "captured logical reads ({logical_reads}), {physical_reads} physical reads, {row_lock_waits} row lock waits, "
                 "{buffer_busy_waits} buffer busy waits (thresholds {logical_share_pct_warning} % / {row_lock_waits_warning} waits; "
                 "source: {basis_en})",
                 "段 {owner}.{object_name}（{object_type}）为热点：占已捕获逻辑读 {total_logical_reads} 的 "
                 "{pct_logical_reads} %（{logical_reads}），物理读 {physical_reads}，行锁等待 {row_lock_waits} 次，buffer busy 等待 "
                 "{buffer_busy_waits} 次（阈值 {logical_share_pct_warning} % / {row_lock_waits_warning} 次；来源：{basis_zh}）"),
    },
    remediation=RemediationSpec(
        text=T("Find the SQL reading the segment (PRF062; V$SQL_PLAN where OBJECT_NAME is the segment) and why: a full "
               "scan where an index fits, an index on a low-selectivity column, a hot block (sequence-keyed index: "
               "reverse-key or hash partitioning). Row lock waits: the transactions updating the same rows (application "
               "design, commit sooner).",
               "查明读取该段的 SQL（PRF062；V$SQL_PLAN 中 OBJECT_NAME 为该段）及原因：本可走索引却全表扫描、低选择性列上的索引、"
               "热点块（序列键索引：反向键或哈希分区）。行锁等待：更新相同行的事务（应用设计，尽早提交）。"),
        commands={"oracle": ["SELECT owner, object_name, statistic_name, value FROM v$segment_statistics "
                             "WHERE statistic_name IN ('logical reads', 'row lock waits') ORDER BY value DESC "
                             "FETCH FIRST 20 ROWS ONLY;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_SEG_STAT.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/dblic/"],
    ),
    timeout_s=60,
    basis="window",
    object_key=("con_id", "owner", "object_name", "subobject_name"),
)
