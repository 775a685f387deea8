from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

MB = 1024 * 1024


@uses("index_ratio", "min_table_mb")
def judge(rows, th, ctx) -> Verdict:
    floor = th["min_table_mb"].value or 0
    levels = th["index_ratio"]
    rated = [(r, levels.classify(num(r.get("index_ratio")))) for r in rows
             if ((num(r.get("data_bytes")) or 0) + (num(r.get("index_bytes")) or 0)) >= floor * MB]
    bad = [(r, o) for r, o in rated if o is not Outcome.OK]
    cut = len(rows) == 200 and len(bad) == len(rows)  # the SQL's LIMIT: there may be more
    params = {"count": len(bad), "more": "+" if cut else "", "tables": int(num(rows[0].get("total")) or 0) if rows else 0,
              "min_table_mb": floor}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[], objects={})
    bad.sort(key=lambda ro: (-ro[1].rank, -(num(ro[0].get("index_bytes")) or 0)))
    worst = bad[0][0]
    params.update(worst, data_mb=round((num(worst.get("data_bytes")) or 0) / MB, 1),
                  index_mb=round((num(worst.get("index_bytes")) or 0) / MB, 1))
    return Verdict(outcome=Outcome.worst(o for _, o in bad), message="problem", params=params,
                   evidence=[r for r, _ in bad][:EVIDENCE_LIMIT], total=len(bad),
                   objects={ctx.object_of(r): o for r, o in bad})


SPEC = CheckSpec(
    code="OBJ027",
    name="index_larger_than_data",
    title=T("Tables whose indexes are larger than their data", "索引大于数据的表"),
    category="objects",
    tier="weekly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.innodb_table_stats"),
        "mariadb": EngineSupport(min_version="10.3", privilege="SELECT ON mysql.innodb_table_stats"),
    },
    columns=("schema_name", "table_name", "data_bytes", "index_bytes", "index_ratio", "est_rows", "stats_updated",
             "total"),
    object_key=("schema_name", "table_name"),
    thresholds=(
        Threshold(name="index_ratio", unit="× data", warning=1.01, critical=None, direction="above",
                  rationale="PMM mysql_indexes_larger warns when a table's index_length / data_length is above 1 "
                            "(catalog MY-OBJ-11: over-indexing); levels are reached at ≥, so 1.01: indexes exactly as "
                            "large as the data (a ratio of 1.00) are not flagged, as in PMM; no anchor names a "
                            "critical level"),
        Threshold(name="min_table_mb", unit="MB", kind="guard", value=100,
                  rationale="a size floor: PMM rates only the 10 largest tables; a small link table's secondary index "
                            "is routinely as large as its rows, so tables under 100 MB (rows + indexes) are not rated"),
    ),
    judge=judge,
    messages={
        "ok": T("No table of {min_table_mb} MB or more has indexes larger than its data ({tables} InnoDB tables)",
                "没有 {min_table_mb} MB 及以上的表其索引大于数据（共 {tables} 张 InnoDB 表）"),
        "problem": T("{count}{more} table(s) with indexes larger than their data; e.g. {schema_name}.{table_name}: "
                     "{index_mb} MB of indexes for {data_mb} MB of rows ({index_ratio}×, statistics of {stats_updated})",
                     "{count}{more} 张表的索引大于数据；例如 {schema_name}.{table_name}：索引 {index_mb} MB，数据 {data_mb} MB"
                     "（{index_ratio} 倍，统计信息更新于 {stats_updated}）"),
    },
    remediation=RemediationSpec(
        text=T("Review the table's indexes: drop unused (OBJ021) and redundant (OBJ022) ones, narrow wide ones (a "
               "prefix on long strings), and remember every secondary index also stores the primary key, so a wide "
               "primary key inflates them all. Refresh the statistics first if they are old.",
               "审查该表的索引：删除未使用（OBJ021）和冗余（OBJ022）的索引，收窄过宽的索引（长字符串用前缀索引），并注意每个二级索引都包含主键，"
               "过宽的主键会让所有二级索引膨胀。若统计信息陈旧，先刷新。"),
        commands={
            "mysql": ["ANALYZE TABLE <schema>.<table>;",
                      "SELECT index_name, stat_value * @@innodb_page_size AS bytes FROM mysql.innodb_index_stats "
                      "WHERE database_name = '<schema>' AND table_name = '<table>' AND stat_name = 'size';"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-persistent-stats.html",
                    "https://mariadb.com/kb/en/innodb-persistent-statistics/"],
    ),
    timeout_s=10,
)
