from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

GB = 1024 ** 3


def _size(v) -> str:
    """Bytes as the unit a DBA reads: MB under a GB, GB above."""
    b = num(v) or 0
    return f"{b / GB:,.1f} GB" if b >= GB else f"{b / 1024 ** 2:,.1f} MB"


@uses("table_gb", "no_index_min_gb")
def judge(rows, th, ctx) -> Verdict:
    size = th["table_gb"]
    no_index_floor = (th["no_index_min_gb"].value or 0) * GB
    rated = []
    for r in rows:
        total_bytes = num(r.get("total_bytes"))
        if total_bytes is None:
            rated.append((r, Outcome.OK, None))
            continue
        o = size.classify(total_bytes / GB)
        key = "large" if o is not Outcome.OK else None
        if total_bytes > no_index_floor and not num(r.get("secondary_indexes")) and o is Outcome.OK:
            o, key = Outcome.WARNING, "no_index"
        rated.append((r, o, key))
    first = rows[0] if rows else {}
    params = {"total": int(num(first.get("total")) or 0), "unsized": int(num(first.get("unsized")) or 0),
              "all_size": _size(first.get("all_bytes")), "no_index_min_gb": th["no_index_min_gb"].value}
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: -x[1].rank)  # stable: largest first
    if not bad:
        largest = next((r for r in rows if num(r.get("total_bytes")) is not None), None)
        if largest is None:
            return Verdict(outcome=Outcome.OK, message="ok_unsized" if rows else "ok_none", params=params,
                           evidence=rows[:10], objects={})
        return Verdict(outcome=Outcome.OK, message="ok", params={**largest, **params, "table_size": _size(largest["total_bytes"])},
                       evidence=rows[:10], objects={})
    worst, outcome, key = bad[0]
    return Verdict(outcome=outcome, message=key,
                   params={**worst, **params, "table_size": _size(worst.get("total_bytes")), "count": len(bad)},
                   evidence=[b[0] for b in bad][:EVIDENCE_LIMIT], total=len(bad), objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ066",
    name="large_tables",
    title=T("Largest tables (size; growth needs snapshots)", "大表检查（表大小；增长需快照）"),
    category="objects",
    tier="weekly",
    engines={
        # MySQL 8: information_schema.TABLES / STATISTICS (data dictionary); SHOW VIEW on *.* shows every
        # table without reading data. MariaDB: the sizes and secondary indexes come from InnoDB's
        # persistent statistics tables (no table opened), SHOW VIEW lists the tables and engines.
        "mysql": EngineSupport(min_version="8.0", privilege="SHOW VIEW"),
        "mariadb": EngineSupport(min_version="10.2", privilege="SHOW VIEW, SELECT ON mysql.innodb_table_stats, "
                                                               "SELECT ON mysql.innodb_index_stats"),
    },
    columns=("table_schema", "table_name", "engine", "rows_estimate", "data_bytes", "index_bytes", "total_bytes",
             "secondary_indexes", "share_pct", "stats_updated", "sized", "unsized", "all_bytes", "total"),
    object_key=("table_schema", "table_name"),
    # The sizes now. Growth over the window needs this check's earlier sizes (the snapshot store of
    # issue #8); until then the basis is the current state, and the messages say growth is not measured.
    basis="current",
    thresholds=(
        Threshold(name="table_gb", unit="GB (data + indexes)", warning=None, critical=None, direction="above",
                  rationale="no default: the anchors set no size limit (MySQLTuner rates large tables only for a missing "
                            "secondary index, BlueKing's ibd-statistic collects sizes without an alarm; catalog MY-OBJ-09) "
                            "— set the site's own, e.g. OBJ066.table_gb=50/200"),
        Threshold(name="no_index_min_gb", unit="GB", kind="guard", value=1,
                  rationale="MySQLTuner: a table over 1 GB with no secondary index (catalog MY-OBJ-09) — every query "
                            "not on the primary key reads it whole"),
    ),
    judge=judge,
    messages={
        "ok_none": T("No user table", "没有业务表"),
        "ok_unsized": T("{total} user table(s), none with size statistics ({unsized} not sized: not InnoDB, or "
                        "STATS_PERSISTENT=0); growth is not measured yet (it needs earlier snapshots)",
                        "{total} 张业务表均无大小统计（{unsized} 张未统计：非 InnoDB 或 STATS_PERSISTENT=0）；尚未评估增长（需要历史快照）"),
        "ok": T("{total} user table(s), {all_size} sized; the largest is {table_schema}.{table_name} with {table_size} "
                "({share_pct}% of the sized data, about {rows_estimate} rows); {unsized} table(s) not sized (not InnoDB, or "
                "STATS_PERSISTENT=0); growth is not measured yet (it needs earlier snapshots)",
                "{total} 张业务表，已统计 {all_size}；最大的是 {table_schema}.{table_name}，{table_size}（占 {share_pct}%，约 "
                "{rows_estimate} 行）；{unsized} 张未统计大小（非 InnoDB 或 STATS_PERSISTENT=0）；尚未评估增长（需要历史快照）"),
        "large": T("{count} table(s) over {table_gb_warning} GB; the largest, {table_schema}.{table_name}, holds {table_size} "
                   "({share_pct}% of {all_size}, about {rows_estimate} rows); growth is not measured yet",
                   "{count} 张表超过 {table_gb_warning} GB；最大的 {table_schema}.{table_name} 为 {table_size}（占 {all_size} 的 "
                   "{share_pct}%，约 {rows_estimate} 行）；尚未评估增长"),
        "no_index": T("{table_schema}.{table_name} holds {table_size} (about {rows_estimate} rows) and has no secondary "
                      "index: every query not on its primary key reads it whole; {count} table(s) over {no_index_min_gb} GB "
                      "at fault",
                      "{table_schema}.{table_name} 有 {table_size}（约 {rows_estimate} 行）且没有二级索引：不走主键的查询都要扫描"
                      "全表；共 {count} 张超过 {no_index_min_gb} GB 的表有问题"),
    },
    remediation=RemediationSpec(
        text=T("For a large table without a secondary index, look at the statements that read it (slow log, "
               "performance_schema digests) and add the index they need (online: ALTER TABLE … ADD INDEX, ALGORITHM=INPLACE, "
               "LOCK=NONE). For a table over the site's size limit: archive or purge old rows, or partition it by date "
               "so old data can be dropped by partition. Sizes are estimates from the statistics (ANALYZE TABLE "
               "refreshes them).",
               "对没有二级索引的大表，查看读取它的语句（慢日志、performance_schema 摘要）并添加所需索引（在线：ALTER TABLE … "
               "ADD INDEX, ALGORITHM=INPLACE, LOCK=NONE）。超过本单位大小上限的表：归档或清理历史数据，或按日期分区以便按分区删除"
               "旧数据。大小是统计信息的估算值（ANALYZE TABLE 可刷新）。"),
        commands={
            "mysql": ["SELECT digest_text, count_star, sum_rows_examined FROM performance_schema.events_statements_summary_by_digest "
                      "WHERE digest_text LIKE '%<table>%' ORDER BY sum_rows_examined DESC LIMIT 10;",
                      "ALTER TABLE <schema>.<table> ADD INDEX <name> (<columns>), ALGORITHM=INPLACE, LOCK=NONE;",
                      "ANALYZE TABLE <schema>.<table>;"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-persistent-stats.html",
                    "https://mariadb.com/kb/en/mysqlinnodb_table_stats/",
                    "https://github.com/major/MySQLTuner-perl"],
    ),
    timeout_s=10,
)
