from checks.judges import EVIDENCE_LIMIT, num, pretty_bytes, uses
from checks.performance._pg import pct
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

# Over the window: in-window increases of pg.tables (object database.schema.table); rows of other databases than
# the instance's own have no snapshots and keep their counters since the reset.
WINDOW = WindowSpec(source="pg.tables", match=("datname", "table_name"),
                    counters={"seq_scan": "seq_scan", "seq_tup_read": "seq_tup_read", "idx_scan": "idx_scan"})


@uses("idx_scan_pct", "min_rows", "min_seq_scans")
def judge(rows, th, ctx) -> Verdict:
    """A large table (min_rows live rows or more) read by min_seq_scans sequential scans or more in the time
    covered, with index scans under idx_scan_pct of its scans: a missing-index candidate. The rest are listed."""
    min_rows, min_scans = th["min_rows"].value or 0, th["min_seq_scans"].value or 0
    rated, flagged = [], []
    for r in rows:
        seq, idx = num(r.get("seq_scan")) or 0, num(r.get("idx_scan")) or 0
        row = {**r, "idx_scan_pct": pct(idx, seq + idx, 1), "rows_per_seq_scan": round((num(r.get("seq_tup_read")) or 0) / seq)
               if seq else None, "size": pretty_bytes(r.get("size_bytes"))}
        if (num(r.get("n_live_tup")) or 0) < min_rows or seq < min_scans:
            continue
        outcome = th["idx_scan_pct"].classify(row["idx_scan_pct"])  # seq ≥ min_seq_scans: never None here
        rated.append((row, outcome))
        if outcome is not Outcome.OK:
            flagged.append(row)
    params = {"count": len(rated), "tables": len(rows), "min_rows": int(min_rows), "min_seq_scans": int(min_scans),
              "database": rows[0].get("datname") if rows else (ctx.facts.get("database") or "this database"),
              "counters_since": rows[0].get("counters_since") if rows else None}
    if not rows:
        return Verdict(outcome=Outcome.OK, message="none", params=params, objects={}, evidence=[])
    if not flagged:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, objects={},
                       evidence=sorted((r for r, _ in rated), key=lambda r: -(num(r.get("seq_tup_read")) or 0))[:EVIDENCE_LIMIT])
    flagged.sort(key=lambda r: -(num(r.get("seq_tup_read")) or 0))
    top = flagged[0]
    params.update({k: top.get(k) for k in ("table_name", "seq_scan", "idx_scan", "n_live_tup", "size", "rows_per_seq_scan",
                                           "seq_tup_read", "indexes")})
    params["idx_scan_pct"] = top["idx_scan_pct"]
    params["flagged"] = len(flagged)
    return Verdict(outcome=Outcome.WARNING, message="problem", params=params, evidence=flagged[:EVIDENCE_LIMIT],
                   total=len(flagged), objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="PRF016",
    name="seq_scans_on_large_tables",
    title=T("Large tables read by sequential scans (missing-index candidates)", "大表被顺序扫描（可能缺少索引）"),
    category="performance",
    tier="semiannual",
    engines={
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash (as ERR004)
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", window=WINDOW),
    },
    columns=("datname", "table_name", "seq_scan", "seq_tup_read", "idx_scan", "n_live_tup", "size_bytes", "indexes",
             "counters_since", "days_since"),
    object_key=("datname", "table_name"),
    scope="database",
    basis="cumulative",
    thresholds=(
        Threshold(name="idx_scan_pct", unit="% of scans", warning=95, direction="below",
                  rationale="PgHero: a table with 10,000 rows or more whose scans use an index less than 95 % of the "
                            "time is a missing-index candidate (catalog PG-PERF-08)"),
        Threshold(name="min_rows", unit="live rows", kind="guard", value=10000,
                  rationale="PgHero's 10,000 estimated rows: a sequential scan of a smaller table is as cheap as an index"),
        Threshold(name="min_seq_scans", unit="sequential scans", kind="guard", value=10,
                  rationale="pgwatch notes large-table sequential scans from 10 (per minute); a table scanned fewer than "
                            "10 times in the time covered is a batch or maintenance read, not a workload"),
    ),
    judge=judge,
    messages={
        "ok": T("no large table in {database} is read mostly by sequential scans ({count} tables with {min_rows} rows "
                "and {min_seq_scans} sequential scans or more since {counters_since}, when these counters started — "
                "not over the window: no snapshots cover it; {tables} of the largest tables looked at)",
                "{database} 中没有主要靠顺序扫描读取的大表（自 {counters_since}（计数起点）以来行数不少于 {min_rows} 且顺序扫描"
                "不少于 {min_seq_scans} 次的表有 {count} 张——非窗口内数据：没有快照覆盖窗口；查看了最大的 {tables} 张表）"),
        "none": T("no table in {database} has 1,000 live rows or more: none large enough to need an index for its scans",
                  "{database} 中没有活行数达 1,000 的表：没有大到需要为扫描建索引的表"),
        "problem": T("{table_name} in {database} ({n_live_tup} rows, {size}) was read by {seq_scan} sequential scans "
                     "and {idx_scan} index scans since {counters_since}, when these counters started: {idx_scan_pct}% "
                     "by index (threshold {idx_scan_pct_warning}%), {rows_per_seq_scan} rows read per sequential scan, "
                     "{indexes} index(es); {flagged} table(s) like it",
                     "{database} 中的 {table_name}（{n_live_tup} 行，{size}）自 {counters_since}（计数起点）以来被顺序扫描 "
                     "{seq_scan} 次、索引扫描 {idx_scan} 次：索引扫描占 {idx_scan_pct}%（阈值 {idx_scan_pct_warning}%），每次"
                     "顺序扫描读取 {rows_per_seq_scan} 行，现有 {indexes} 个索引；共 {flagged} 张此类表"),
        "window.ok": T("no large table in {database} was read mostly by sequential scans in the window ({count} tables "
                       "with {min_rows} rows and {min_seq_scans} sequential scans or more; snapshots from "
                       "{window_since} to {window_until}, covering {coverage_pct}% of the window; {tables} of the "
                       "largest tables looked at)",
                       "窗口内 {database} 中没有主要靠顺序扫描读取的大表（行数不少于 {min_rows} 且顺序扫描不少于 "
                       "{min_seq_scans} 次的表有 {count} 张；快照 {window_since} 至 {window_until}，覆盖窗口 "
                       "{coverage_pct}%；查看了最大的 {tables} 张表）"),
        "window.problem": T("{table_name} in {database} ({n_live_tup} rows, {size}) was read by {seq_scan} sequential "
                            "scans and {idx_scan} index scans in the window (snapshots from {window_since} to "
                            "{window_until}, covering {coverage_pct}% of the window): {idx_scan_pct}% by index "
                            "(threshold {idx_scan_pct_warning}%), {rows_per_seq_scan} rows read per sequential scan, "
                            "{indexes} index(es); {flagged} table(s) like it",
                            "窗口内 {database} 中的 {table_name}（{n_live_tup} 行，{size}）被顺序扫描 {seq_scan} 次、"
                            "索引扫描 {idx_scan} 次（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）："
                            "索引扫描占 {idx_scan_pct}%（阈值 {idx_scan_pct_warning}%），每次顺序扫描读取 "
                            "{rows_per_seq_scan} 行，现有 {indexes} 个索引；共 {flagged} 张此类表"),
    },
    remediation=RemediationSpec(
        text=T("Find the statements that scan the table (pg_stat_statements, the top-SQL checks; EXPLAIN of their "
               "WHERE and JOIN columns) and create the index they need with CREATE INDEX CONCURRENTLY (no write lock), "
               "then ANALYZE. A table read whole on purpose (a report, an export) can be left; unused and duplicate "
               "indexes are OBJ021 / OBJ022's.",
               "找出扫描该表的语句（pg_stat_statements、Top SQL 检查项；对其 WHERE 和 JOIN 列执行 EXPLAIN），用 "
               "CREATE INDEX CONCURRENTLY（不阻塞写入）建立所需索引，然后 ANALYZE。确需整表读取（报表、导出）的可保持不变；"
               "未使用和重复的索引见 OBJ021 / OBJ022。"),
        commands={"postgresql": [
            "SELECT relname, seq_scan, seq_tup_read, idx_scan, n_live_tup FROM pg_stat_user_tables ORDER BY seq_tup_read DESC LIMIT 20;",
            "CREATE INDEX CONCURRENTLY ON <schema>.<table> (<column>); ANALYZE <schema>.<table>;",
        ]},
        references=["https://github.com/ankane/pghero",
                    "https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY"],
    ),
    timeout_s=10,
)
