from checks.judges import EVIDENCE_LIMIT, uses
from checks.performance._mydigests import ENABLE, ENABLE_ZH, basis_params
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _short(text, n: int = 100) -> str:
    t = str(text or "")
    return t if len(t) <= n else t[: n - 1] + "…"


@uses("examined_per_call", "min_full_scans", "top")
def judge(rows, th, ctx) -> Verdict:
    """Each digest that ran without a usable index: rated on the rows it examined per execution, once it did so
    at least min_full_scans times (a lookup table of a few pages is read whole cheaply: not worth an index)."""
    params = {**basis_params(rows), "min_full_scans": int(th["min_full_scans"].value or 0),
              "digests_scanning": rows[0].get("digests_scanning", 0) if rows else 0}
    basis = rows[0].get("basis") if rows else None
    coverage = rows[0].get("coverage_pct") if rows else None
    listed = [dict(r) for r in rows if r.get("statement")]
    objects, flagged = {}, []
    for r in listed:
        o = Outcome.OK
        if (r.get("full_scan_calls") or 0) >= (th["min_full_scans"].value or 0):
            o = th["examined_per_call"].classify(r.get("examined_per_call"))
        objects[r["statement"]] = o
        if o is not Outcome.OK:
            flagged.append((o, r))
    flagged.sort(key=lambda p: (-p[0].rank, -(p[1].get("rows_examined") or 0)))
    outcome = Outcome.worst(list(objects.values())) if objects else Outcome.OK
    params.update(flagged=len(flagged), flag_list="; ".join(
        f"[{r.get('schema_name') or '-'}] {_short(r['query'])}: {r['full_scan_calls']} of {r['calls']} executions "
        f"without an index, {r['examined_per_call']} rows examined each ({r['rows_sent']} sent in all)"
        for _, r in flagged[:5]))
    evidence = ([r for _, r in flagged] + [r for r in listed if objects[r["statement"]] is Outcome.OK])[:EVIDENCE_LIMIT]
    message = "ok" if outcome is Outcome.OK else "problem"
    if not listed:
        message = "none"
    return Verdict(outcome=outcome, message=message, params=params, evidence=evidence, total=len(listed),
                   objects=objects, basis=basis, coverage_pct=coverage)


SUPPORT = dict(privilege="SELECT ON performance_schema.*", requires=("performance_schema",))

SPEC = CheckSpec(
    code="PRF041",
    name="full_scan_statements",
    title=T("Statements scan large tables without a usable index (missing-index candidates)",
            "语句在无可用索引的情况下扫描大表（缺失索引候选）"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"mysql": EngineSupport(min_version="8.0", **SUPPORT),
             "mariadb": EngineSupport(min_version="10.5", **SUPPORT)},
    columns=("statement", "digest", "schema_name", "query", "calls", "full_scan_calls", "full_scan_pct", "rows_examined",
             "examined_per_call", "rows_sent", "total_time_ms", "digests_scanning", "basis", "counters_since",
             "counters_until", "coverage_pct", "lower_bound"),
    object_key=("statement",),
    thresholds=(
        Threshold(name="examined_per_call", unit="rows examined per execution", warning=10000, critical=1000000,
                  rationale="sys.statements_with_full_table_scans (catalog MY-PERF-02) lists every digest with "
                            "SUM_NO_INDEX_USED > 0, small lookup tables included, without a level; dbpatrol's: 10,000 "
                            "rows read per execution is a table past a few pages, a million a scan per call of a big one"),
        Threshold(name="min_full_scans", unit="executions", kind="guard", value=10,
                  rationale="a digest that scanned fewer than 10 times in the window is an ad-hoc query or a report, "
                            "not a workload to index for: listed, not rated"),
        Threshold(name="top", unit="digests", kind="guard", value=20,
                  rationale="how many scanning digests the finding lists, most rows examined first (sys lists them "
                            "all; the report keeps the first 20)"),
    ),
    judge=judge,
    messages={
        "ok": T("{digests_scanning} statement digest(s) ran without a usable index {basis_text}; none read "
                "{examined_per_call_warning} rows per execution over at least {min_full_scans} executions.{bound_note}",
                "{basis_text_zh}有 {digests_scanning} 个语句摘要未使用可用索引；没有摘要在至少 {min_full_scans} 次执行中每次读取 "
                "{examined_per_call_warning} 行以上。{bound_note_zh}"),
        "problem": T("{flagged} statement digest(s) scanned large tables without a usable index {basis_text}: "
                     "{flag_list}.{bound_note}",
                     "{basis_text_zh}有 {flagged} 个语句摘要在无可用索引时扫描大表：{flag_list}。{bound_note_zh}"),
        "none": T("No statement digest ran without a usable index {basis_text}.{bound_note}",
                  "{basis_text_zh}没有语句摘要在无可用索引的情况下执行。{bound_note_zh}"),
    },
    remediation=RemediationSpec(
        text=T("EXPLAIN each listed statement: 'type: ALL' (a full scan) or 'Range checked for each record' shows the "
               "table read whole. Index the columns of its WHERE / JOIN ... ON (a composite index in the order of "
               "equality then range columns), check that the column types and collations match on both sides of a "
               "join (an implicit conversion disables the index), and build it online (ALTER TABLE … ADD INDEX …, "
               "ALGORITHM=INPLACE, LOCK=NONE). performance_schema not on: " + ENABLE + ".",
               "对每条列出的语句执行 EXPLAIN：'type: ALL'（全表扫描）或 'Range checked for each record' 表示整表读取。为其 WHERE / "
               "JOIN … ON 的列建立索引（复合索引按先等值后范围的顺序），确认连接两侧的列类型与排序规则一致（隐式转换会使索引失效），"
               "并在线创建（ALTER TABLE … ADD INDEX …, ALGORITHM=INPLACE, LOCK=NONE）。performance_schema 未开启时：" + ENABLE_ZH + "。"),
        commands={
            "mysql": ["SELECT * FROM sys.statements_with_full_table_scans LIMIT 20;",
                      "ALTER TABLE <schema>.<table> ADD INDEX <name> (<columns>), ALGORITHM=INPLACE, LOCK=NONE;"],
            "mariadb": ["SELECT * FROM sys.statements_with_full_table_scans LIMIT 20;",
                        "ALTER TABLE <schema>.<table> ADD INDEX <name> (<columns>), ALGORITHM=INPLACE, LOCK=NONE;"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/sys-statements-with-full-table-scans.html",
                    "https://mariadb.com/kb/en/performance-schema-events_statements_summary_by_digest-table/"],
    ),
    timeout_s=20,
)
