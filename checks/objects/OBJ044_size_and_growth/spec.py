from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

GB = 1024 ** 3


def _pretty(v) -> str:
    """A size as a DBA reads it (pg_size_pretty's 1024 steps): '812 kB', '22.6 MB', '1.24 GB'."""
    n = num(v) or 0
    for unit, size in (("TB", 1024 ** 4), ("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if abs(n) >= size:
            q = n / size
            return f"{q:.2f} {unit}" if q < 10 else f"{q:.1f} {unit}" if q < 100 else f"{q:.0f} {unit}"
    return f"{int(n)} bytes"


@uses("database_size_gb", "table_size_gb")
def judge(rows, th, ctx) -> Verdict:
    """The database against database_size_gb and each of its largest tables against table_size_gb. Both
    limits are site-specific and unset by default (then the finding reports sizes and is OK)."""
    db = next((r for r in rows if r.get("kind") == "database"), {})
    tables = [r for r in rows if r.get("kind") == "table"]
    rated = [(db, th["database_size_gb"].classify((num(db.get("total_bytes")) or 0) / GB))] if db else []
    rated += [(r, th["table_size_gb"].classify((num(r.get("total_bytes")) or 0) / GB)) for r in tables]
    bad = sorted(((r, o) for r, o in rated if o is not Outcome.OK),
                 key=lambda ro: (-ro[1].rank, ro[0].get("kind") != "database", -(num(ro[0].get("total_bytes")) or 0)))
    largest = tables[0] if tables else {}
    params = {
        "database": db.get("object_name") or ctx.facts.get("database"),
        "db_size": _pretty(db.get("total_bytes")),
        "tables": num(db.get("tables")) or 0,
        "largest": largest.get("object") or "—",
        "largest_size": _pretty(largest.get("total_bytes")),
        "largest_pct": num(largest.get("database_pct")) or 0,
        "count": len(bad),
        "table_limit": _pretty(th["table_size_gb"].warning * GB) if th["table_size_gb"].warning is not None else "—",
        "database_limit": (_pretty(th["database_size_gb"].warning * GB)
                           if th["database_size_gb"].warning is not None else "—"),
    }
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT],
                       total=len(rows), objects={})
    worst, outcome = bad[0]
    params.update(object=worst.get("object"), object_size=_pretty(worst.get("total_bytes")))
    return Verdict(outcome=outcome, message="database" if worst.get("kind") == "database" else "table", params=params,
                   evidence=[r for r, _ in bad][:EVIDENCE_LIMIT], total=len(bad),
                   objects={ctx.object_of(r): o for r, o in bad})


# Growth over the window (catalog PG-OBJ-13's second half) is not built: it needs per-table sizes in the
# snapshot store (checks/samples has no such source: a size per table per sample, bounded to the largest)
# and a window rule for a gauge that grows; the message says so, without an internal reference.
_GROWTH = "growth over the window is not measured here: compare with earlier reports"
_GROWTH_ZH = "窗口内的增长此处未测量：请与以往报告对比"

SPEC = CheckSpec(
    code="OBJ044",
    name="size_and_growth",
    title=T("Database and largest tables: current size", "数据库及最大表：当前大小"),
    # the SQL also returns partitions: a partitioned table's row is the sum of its leaf partitions
    category="objects",
    tier="weekly",
    engines={
        "postgresql": EngineSupport(min_version="13", privilege="login", roles=("primary",)),
    },
    scope="database",
    basis="current",
    columns=("kind", "object", "schema_name", "object_name", "parent", "total_bytes", "table_bytes", "index_bytes",
             "live_rows", "database_pct", "database_bytes", "tables"),
    object_key=("kind", "object"),
    thresholds=(
        Threshold(name="database_size_gb", unit="GB", warning=None, critical=None, direction="above",
                  rationale="unset by default: check_postgres `database_size` has no defaults (\"the warning and critical "
                            "must be specified\") — a size limit is the site's (disk, backup window); set e.g. "
                            "OBJ044.database_size_gb=500/800"),
        Threshold(name="table_size_gb", unit="GB", warning=None, critical=None, direction="above",
                  rationale="unset by default: digoal's generate_report.sh advises splitting a single table over 8 GB "
                            "that is frequently updated or deleted and re-inserted, a rule about write patterns rather "
                            "than size alone; set OBJ044.table_size_gb=8/none to apply it to the 20 largest tables"),
    ),
    judge=judge,
    messages={
        "ok": T("Database {database} is {db_size} now, {tables} table(s); largest {largest} "
                "{largest_size} ({largest_pct}% of the database); " + _GROWTH,
                "数据库 {database} 当前为 {db_size}，共 {tables} 张表；最大的表 {largest} 为 {largest_size}"
                "（占数据库 {largest_pct}%）；" + _GROWTH_ZH),
        "database": T("Database {database} is {db_size} (threshold {database_limit}); largest table "
                      "{largest} {largest_size}; " + _GROWTH,
                      "数据库 {database} 为 {db_size}（阈值 {database_limit}）；最大的表 {largest} 为 "
                      "{largest_size}；" + _GROWTH_ZH),
        "table": T("{count} table(s) over {table_limit}; largest {object} {object_size} with its indexes "
                   "and TOAST; database {database} {db_size}; " + _GROWTH,
                   "{count} 张表超过 {table_limit}；最大的 {object} 连同索引和 TOAST 为 {object_size}；"
                   "数据库 {database} 为 {db_size}；" + _GROWTH_ZH),
    },
    remediation=RemediationSpec(
        text=T("Compare with earlier reports for growth. For a large, frequently updated table consider "
               "partitioning it (by time, for history) so old partitions can be detached and archived, and check "
               "its bloat (OBJ040/OBJ041) before adding disk; purge or archive history the business no longer needs.",
               "与以往报告对比判断增长。对大而频繁更新的表考虑分区（历史数据按时间分区），以便分离并归档旧分区；在扩容磁盘前"
               "先检查其膨胀（OBJ040/OBJ041）；清理或归档业务已不需要的历史数据。"),
        commands={
            "postgresql": [
                "SELECT pg_size_pretty(pg_database_size(current_database()));",
                "SELECT oid::regclass, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class WHERE relkind = 'r' "
                "ORDER BY pg_total_relation_size(oid) DESC LIMIT 20;",
                "ALTER TABLE <schema>.<partitioned> DETACH PARTITION <schema>.<old_partition> CONCURRENTLY;",
            ],
        },
        references=["https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-DBSIZE",
                    "https://www.postgresql.org/docs/current/ddl-partitioning.html",
                    "https://bucardo.org/check_postgres/check_postgres.pl.html#database_size"],
    ),
    timeout_s=10,
)
