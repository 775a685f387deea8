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
    """Each estimated table of at least min_size_mb against bloat_pct; the database's estimated total
    against total_bloat_pct. Unestimated tables are counted in the message, never rated."""
    floor_mb = th["min_size_mb"].value or 0
    first = rows[0] if rows else {}
    estimated = [r for r in rows if r.get("stats_status") == "estimated"]
    rated = [(r, th["bloat_pct"].classify(num(r.get("bloat_pct"))) if (_mb(r.get("size_bytes")) or 0) >= floor_mb
              else Outcome.OK) for r in estimated]
    bad = sorted(((r, o) for r, o in rated if o is not Outcome.OK),
                 key=lambda ro: (-ro[1].rank, -(num(ro[0].get("bloat_bytes")) or 0)))
    total_outcome = th["total_bloat_pct"].classify(num(first.get("db_bloat_pct"))) if estimated else Outcome.OK
    params = {
        "tables": num(first.get("tables")) or 0, "not_estimated": num(first.get("not_estimated")) or 0,
        "hidden": num(first.get("hidden")) or 0, "no_select": num(first.get("no_select")) or 0,
        "estimated": (num(first.get("tables")) or 0) - (num(first.get("not_estimated")) or 0),
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


_NOT_ESTIMATED = ("{not_estimated} table(s) not estimated ({no_select} the monitoring user may not SELECT — SELECT on "
                  "them or pg_read_all_data shows their statistics; {hidden} under row-level security — that needs "
                  "BYPASSRLS or ownership; the rest never analyzed, with a `name` column or with columns lacking "
                  "statistics)")
_NOT_ESTIMATED_ZH = ("{not_estimated} 张表未估算（其中 {no_select} 张监控用户无 SELECT 权限——授予这些表的 SELECT 或 "
                     "pg_read_all_data 后可见其统计信息；{hidden} 张启用了行级安全——需要 BYPASSRLS 或属主身份；其余从未 "
                     "ANALYZE、含 name 类型列或部分列无统计信息）")

SPEC = CheckSpec(
    code="OBJ040",
    name="table_bloat",
    title=T("Table bloat (estimated)", "表膨胀（估算）"),
    category="objects",
    tier="weekly",
    engines={
        # pg_stats shows a column's statistics only to users who may SELECT it. Nothing is declared beyond
        # LOGIN: the check estimates what the user may see (SELECT on tables, or pg_read_all_data, 14+,
        # which reads every table's data: a bank may refuse it) and names the rest; with nothing visible
        # it is SKIPPED (the judge). 12: AS MATERIALIZED.
        "postgresql": EngineSupport(min_version="12", privilege="login", roles=("primary",),
                                    partial_view="SELECT on the tables (their pg_stats), or pg_read_all_data; BYPASSRLS for tables under row-level security"),
    },
    scope="database",
    columns=("schema_name", "table_name", "stats_status", "size_bytes", "expected_bytes", "bloat_bytes", "bloat_pct",
             "live_rows", "fillfactor", "stats_at", "tables", "not_estimated", "hidden", "no_select", "db_size_bytes",
             "db_bloat_bytes", "db_bloat_pct"),
    object_key=("schema_name", "table_name"),
    thresholds=(
        Threshold(name="bloat_pct", unit="%", warning=40, critical=90, direction="above",
                  rationale="postgres-checkup F004: table bloat estimate ≥ 40 % warning (P2), ≥ 90 % critical (P1) "
                            "(PG-OBJ-05); check_postgres `bloat` rates wasted bytes (1 GB / 5 GB) instead, which on a "
                            "large table mostly measures the estimate's alignment padding"),
        Threshold(name="min_size_mb", unit="MB", kind="guard", value=10,
                  rationale="a size floor: tables under 10 MB (as of their last VACUUM/ANALYZE) are not rated — small "
                            "tables carry natural free space (ioguix: 150 rows on 2 pages read as 25 % bloat); "
                            "postgres-checkup F004 uses 1 MiB and check_postgres 10 pages, PgHero's space findings 10 MB"),
        Threshold(name="total_bloat_pct", unit="%", warning=20, critical=None, direction="above",
                  rationale="postgres-checkup F004: estimated bloat over 20 % of all tables' size is P1; kept a warning "
                            "because the estimate also counts alignment padding (ioguix: it can reach 10 %)"),
    ),
    judge=judge,
    messages={
        "ok": T("No table of {min_size_mb} MB or more is estimated over {bloat_pct_warning}% bloated "
                "({estimated} of {tables} table(s) estimated; all estimated tables together {db_bloat_pct}% "
                "≈ {db_bloat}; " + _NOT_ESTIMATED + ")",
                "没有 {min_size_mb} MB 及以上的表估算膨胀超过 {bloat_pct_warning}%（{tables} 张表中估算了 {estimated} 张；"
                "全部已估算表合计膨胀 {db_bloat_pct}%，约 {db_bloat}；" + _NOT_ESTIMATED_ZH + "）"),
        "ok_none": T("No table could be estimated: " + _NOT_ESTIMATED,
                     "没有可估算的表：" + _NOT_ESTIMATED_ZH),
        "ok_empty": T("This database has no user tables", "该数据库没有用户表"),
        "unreadable": T("Not inspected: the statistics of some tables are hidden from the monitoring user and any of "
                        "them may be the bloated one; of the {estimated} estimated none of {min_size_mb} MB or more is "
                        "over {bloat_pct_warning}% — " + _NOT_ESTIMATED,
                        "未检查：部分表的统计信息对监控用户不可见，其中任何一张都可能已膨胀；已估算的 {estimated} 张中没有 "
                        "{min_size_mb} MB 及以上的超过 {bloat_pct_warning}%——" + _NOT_ESTIMATED_ZH),
        "problem": T("{count} table(s) of {min_size_mb} MB or more estimated over {bloat_pct_warning}% bloated; worst "
                     "{schema_name}.{table_name}: {value}% of {size} (≈ {bloat} reclaimable, threshold "
                     "{bloat_pct_warning}%/{bloat_pct_critical}%); all estimated tables together {db_bloat_pct}% bloated; "
                     "{not_estimated} not estimated ({no_select} without SELECT, {hidden} under row-level security)",
                     "{count} 张 {min_size_mb} MB 及以上的表估算膨胀超过 {bloat_pct_warning}%；最严重的是 "
                     "{schema_name}.{table_name}：{size} 中 {value}% 为膨胀（约 {bloat} 可回收，阈值 "
                     "{bloat_pct_warning}%/{bloat_pct_critical}%）；全部已估算表合计膨胀 {db_bloat_pct}%；"
                     "{not_estimated} 张未估算（{no_select} 张无 SELECT 权限，{hidden} 张受行级安全策略隐藏）"),
        "total": T("All estimated tables together are {db_bloat_pct}% bloated (≈ {db_bloat} of {db_size}, "
                   "threshold {total_bloat_pct_warning}%), though no single table of {min_size_mb} MB or more is over "
                   "{bloat_pct_warning}%",
                   "全部已估算表合计膨胀 {db_bloat_pct}%（{db_size} 中约 {db_bloat}，阈值 "
                   "{total_bloat_pct_warning}%），但没有单张 {min_size_mb} MB 及以上的表超过 {bloat_pct_warning}%"),
    },
    remediation=RemediationSpec(
        text=T("The figure is an estimate from planner statistics: confirm a table's real free space with "
               "pgstattuple_approx before acting. Bloat comes from updates and deletes that autovacuum could not "
               "reclaim in time (see OBJ042 and the xmin horizon, RUN012): tune autovacuum for the table first. "
               "Plain VACUUM makes the space reusable but rarely returns it; to shrink the table rebuild it online "
               "with pg_repack or pg_squeeze, or with VACUUM FULL in a maintenance window (it holds an ACCESS "
               "EXCLUSIVE lock and needs free disk for a full copy).",
               "该数值是基于优化器统计信息的估算：处理前先用 pgstattuple_approx 核实表的真实空闲空间。膨胀来自 autovacuum "
               "未能及时回收的更新和删除（参见 OBJ042 以及 xmin 水位 RUN012）：首先为该表调优 autovacuum。普通 VACUUM "
               "只让空间可复用，很少归还磁盘；要收缩表，可用 pg_repack 或 pg_squeeze 在线重建，或在维护窗口执行 "
               "VACUUM FULL（持有 ACCESS EXCLUSIVE 锁，并需要足够磁盘空间容纳完整副本）。"),
        commands={
            "postgresql": [
                "CREATE EXTENSION IF NOT EXISTS pgstattuple;  -- then, as a member of pg_stat_scan_tables:",
                "SELECT * FROM pgstattuple_approx('<schema>.<table>'::regclass);",
                "ALTER TABLE <schema>.<table> SET (autovacuum_vacuum_scale_factor = 0.05);",
                "pg_repack --no-order --table=<schema>.<table> <database>",
                "VACUUM (FULL, VERBOSE) <schema>.<table>;  -- maintenance window: ACCESS EXCLUSIVE lock",
            ],
        },
        references=["https://github.com/ioguix/pgsql-bloat-estimation",
                    "https://www.postgresql.org/docs/current/pgstattuple.html",
                    "https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-SPACE-RECOVERY",
                    "https://reorg.github.io/pg_repack/"],
    ),
    timeout_s=10,
)
