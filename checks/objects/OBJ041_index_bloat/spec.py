from decimal import Decimal

from checks.judges import EVIDENCE_LIMIT, num, pretty_bytes, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _plain(row: dict) -> dict:
    """A row's values for a message: driver Decimals as numbers, so they print like the evidence does."""
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()}


MB = 1024 * 1024


def _mb(v) -> float | None:
    n = num(v)
    return None if n is None else round(n / MB, 1)


@uses("bloat_pct", "min_size_mb", "total_bloat_pct")
def judge(rows, th, ctx) -> Verdict:
    """Each estimated index of at least min_size_mb against bloat_pct; the database's estimated total
    against total_bloat_pct. Unestimated indexes are counted in the message, never rated."""
    floor_mb = th["min_size_mb"].value or 0
    first = rows[0] if rows else {}
    estimated = [r for r in rows if r.get("stats_status") == "estimated"]
    rated = [(r, th["bloat_pct"].classify(num(r.get("bloat_pct"))) if (_mb(r.get("size_bytes")) or 0) >= floor_mb
              else Outcome.OK) for r in estimated]
    bad = sorted(((r, o) for r, o in rated if o is not Outcome.OK),
                 key=lambda ro: (-ro[1].rank, -(num(ro[0].get("bloat_bytes")) or 0)))
    total_outcome = th["total_bloat_pct"].classify(num(first.get("db_bloat_pct"))) if estimated else Outcome.OK
    params = {
        "indexes": num(first.get("indexes")) or 0, "not_estimated": num(first.get("not_estimated")) or 0,
        "hidden": num(first.get("hidden")) or 0, "no_select": num(first.get("no_select")) or 0,
        "dedup": num(first.get("dedup")) or 0,
        "estimated": (num(first.get("indexes")) or 0) - (num(first.get("not_estimated")) or 0),
        "db_bloat_pct": num(first.get("db_bloat_pct")), "db_bloat": pretty_bytes(first.get("db_bloat_bytes")),
        "db_size": pretty_bytes(first.get("db_size_bytes")), "min_size_mb": floor_mb, "count": len(bad),
    }
    objects = {ctx.object_of(r): o for r, o in bad}
    if bad:
        worst = bad[0][0]
        params.update(_plain(worst), value=num(worst.get("bloat_pct")), size=pretty_bytes(worst.get("size_bytes")),
                      bloat=pretty_bytes(worst.get("bloat_bytes")))
        return Verdict(outcome=Outcome.worst([bad[0][1], total_outcome]), message="problem", params=params,
                       evidence=[r for r, _ in bad][:EVIDENCE_LIMIT], total=len(bad), objects=objects)
    if total_outcome is not Outcome.OK:
        return Verdict(outcome=total_outcome, message="total", params=params,
                       evidence=estimated[:EVIDENCE_LIMIT], total=len(estimated), objects={})
    if params["no_select"] or params["hidden"]:
        # some statistics were hidden from the monitoring user and none of what it saw is at fault: not
        # inspected (any hidden one may be the bloated one), never OK
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params=params,
                       evidence=rows[:EVIDENCE_LIMIT], total=len(rows), objects={})
    if not estimated:
        return Verdict(outcome=Outcome.OK, message="ok_none" if rows else "ok_empty", params=params,
                       evidence=rows[:EVIDENCE_LIMIT], total=len(rows), objects={})
    return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=estimated[:EVIDENCE_LIMIT],
                   total=len(estimated), objects={})


_NOT_ESTIMATED = ("{not_estimated} index(es) not estimated ({no_select} on tables the monitoring user may not SELECT "
                  "— SELECT on them or pg_read_all_data shows their statistics; {hidden} on tables under row-level "
                  "security — that needs BYPASSRLS or ownership; {dedup} deduplicated, their keys repeated: the model "
                  "would hide their bloat; the rest on tables never analyzed, with a `name` column or with columns "
                  "lacking statistics)")
_NOT_ESTIMATED_ZH = ("{not_estimated} 个索引未估算（其中 {no_select} 个所在表监控用户无 SELECT 权限——授予这些表的 SELECT 或 "
                     "pg_read_all_data 后可见其统计信息；{hidden} 个所在表启用了行级安全——需要 BYPASSRLS 或属主身份；"
                     "{dedup} 个已去重、键值重复：估算模型会掩盖其膨胀；其余所在表从未 ANALYZE、含 name 类型列或部分列无统计信息）")

SPEC = CheckSpec(
    code="OBJ041",
    name="index_bloat",
    title=T("B-tree index bloat (estimated)", "B-tree 索引膨胀（估算）"),
    category="objects",
    tier="weekly",
    engines={
        # pg_stats shows a column's statistics only to users who may SELECT it. Nothing is declared beyond
        # LOGIN: the check estimates what the user may see (SELECT on tables, or pg_read_all_data, 14+,
        # which reads every table's data: a bank may refuse it) and names the rest; with nothing visible
        # it is SKIPPED (the judge). 13: deduplication, which the SQL accounts for.
        "postgresql": EngineSupport(min_version="13", privilege="login", roles=("primary",),
                                    partial_view="SELECT on the tables (their pg_stats), or pg_read_all_data; BYPASSRLS for tables under row-level security"),
    },
    scope="database",
    columns=("schema_name", "index_name", "table_name", "stats_status", "size_bytes", "expected_bytes", "bloat_bytes",
             "bloat_pct", "entries", "fillfactor", "indexes", "not_estimated", "hidden", "no_select", "dedup",
             "db_size_bytes",
             "db_bloat_bytes", "db_bloat_pct"),
    object_key=("schema_name", "index_name"),
    thresholds=(
        Threshold(name="bloat_pct", unit="%", warning=40, critical=90, direction="above",
                  rationale="postgres-checkup F005: index bloat estimate ≥ 40 % warning (P2), ≥ 90 % critical (P1) "
                            "(PG-OBJ-06); the estimate reads bloat beyond the index's fillfactor (B-tree default 90)"),
        Threshold(name="min_size_mb", unit="MB", kind="guard", value=10,
                  rationale="a size floor: indexes under 10 MB (as of their last VACUUM/ANALYZE) are not rated — small "
                            "indexes carry natural free space; postgres-checkup F005 uses 1 MiB, check_postgres 15 "
                            "pages, PgHero's index-space findings 10 MB"),
        Threshold(name="total_bloat_pct", unit="%", warning=20, critical=None, direction="above",
                  rationale="postgres-checkup F005: estimated bloat over 20 % of all B-tree indexes' size is P1; kept a "
                            "warning because the estimate is rough (inner pages, padding)"),
    ),
    judge=judge,
    messages={
        "ok": T("No B-tree index of {min_size_mb} MB or more is estimated over {bloat_pct_warning}% bloated "
                "({estimated} of {indexes} index(es) estimated; all estimated indexes together {db_bloat_pct}% "
                "≈ {db_bloat}; " + _NOT_ESTIMATED + ")",
                "没有 {min_size_mb} MB 及以上的 B-tree 索引估算膨胀超过 {bloat_pct_warning}%（{indexes} 个索引中估算了 "
                "{estimated} 个；全部已估算索引合计膨胀 {db_bloat_pct}%，约 {db_bloat}；" + _NOT_ESTIMATED_ZH + "）"),
        "ok_none": T("No B-tree index could be estimated: " + _NOT_ESTIMATED,
                     "没有可估算的 B-tree 索引：" + _NOT_ESTIMATED_ZH),
        "ok_empty": T("This database has no B-tree indexes on user tables", "该数据库的用户表上没有 B-tree 索引"),
        "unreadable": T("Not inspected: the statistics of some tables are hidden from the monitoring user and any of "
                        "their indexes may be the bloated one; of the {estimated} estimated none of {min_size_mb} MB or "
                        "more is over {bloat_pct_warning}% — " + _NOT_ESTIMATED,
                        "未检查：部分表的统计信息对监控用户不可见，其中任何一个索引都可能已膨胀；已估算的 {estimated} 个中没有 "
                        "{min_size_mb} MB 及以上的超过 {bloat_pct_warning}%——" + _NOT_ESTIMATED_ZH),
        "problem": T("{count} B-tree index(es) of {min_size_mb} MB or more estimated over {bloat_pct_warning}% "
                     "bloated; worst {schema_name}.{index_name} on {table_name}: {value}% of {size} (≈ {bloat} "
                     "reclaimable, threshold {bloat_pct_warning}%/{bloat_pct_critical}%); all estimated indexes "
                     "together {db_bloat_pct}% bloated; {not_estimated} not estimated ({no_select} without SELECT, "
                     "{hidden} under row-level security, {dedup} deduplicated)",
                     "{count} 个 {min_size_mb} MB 及以上的 B-tree 索引估算膨胀超过 {bloat_pct_warning}%；最严重的是表 "
                     "{table_name} 上的 {schema_name}.{index_name}：{size} 中 {value}% 为膨胀（约 {bloat} "
                     "可回收，阈值 {bloat_pct_warning}%/{bloat_pct_critical}%）；全部已估算索引合计膨胀 {db_bloat_pct}%；"
                     "{not_estimated} 个未估算（{no_select} 个无 SELECT 权限，{hidden} 个受行级安全策略隐藏，{dedup} 个已去重）"),
        "total": T("All estimated B-tree indexes together are {db_bloat_pct}% bloated (≈ {db_bloat} of "
                   "{db_size}, threshold {total_bloat_pct_warning}%), though no single index of {min_size_mb} MB "
                   "or more is over {bloat_pct_warning}%",
                   "全部已估算 B-tree 索引合计膨胀 {db_bloat_pct}%（{db_size} 中约 {db_bloat}，阈值 "
                   "{total_bloat_pct_warning}%），但没有单个 {min_size_mb} MB 及以上的索引超过 {bloat_pct_warning}%"),
    },
    remediation=RemediationSpec(
        text=T("The figure is an estimate from planner statistics: confirm with pgstatindex (avg_leaf_density) "
               "before acting. An index does not shrink by VACUUM; rebuild it without blocking writes with REINDEX "
               "INDEX CONCURRENTLY (PostgreSQL 12+; it needs disk for a second copy and cannot run inside a "
               "transaction block), then find why it bloated: mass deletes, updates of indexed columns, or "
               "autovacuum falling behind (OBJ042).",
               "该数值是基于优化器统计信息的估算：处理前先用 pgstatindex（avg_leaf_density）核实。VACUUM 不会收缩索引；"
               "用 REINDEX INDEX CONCURRENTLY（PostgreSQL 12+，需要额外一份索引的磁盘空间，且不能在事务块中执行）在不阻塞写入"
               "的情况下重建，再找出膨胀原因：批量删除、更新索引列或 autovacuum 跟不上（OBJ042）。"),
        commands={
            "postgresql": [
                "CREATE EXTENSION IF NOT EXISTS pgstattuple;  -- then, as a member of pg_stat_scan_tables:",
                "SELECT avg_leaf_density, leaf_fragmentation FROM pgstatindex('<schema>.<index>'::regclass);",
                "REINDEX INDEX CONCURRENTLY <schema>.<index>;",
            ],
        },
        references=["https://github.com/ioguix/pgsql-bloat-estimation",
                    "https://www.postgresql.org/docs/current/pgstattuple.html",
                    "https://www.postgresql.org/docs/current/sql-reindex.html#SQL-REINDEX-CONCURRENTLY"],
    ),
    timeout_s=10,
)
