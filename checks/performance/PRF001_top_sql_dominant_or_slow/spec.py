from checks.judges import uses
from checks.performance import _topsql
from checks.performance._statements import basis_params
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict


@uses("time_share_pct", "mean_time_ms", "min_calls", "top")
def judge(rows, th, ctx) -> Verdict:
    """Each listed statement: its share of all statements' execution time against time_share_pct
    (postgres-checkup K000), and slow = mean ≥ mean_time_ms over ≥ min_calls calls (PgHero); the worst
    decides (checks/performance/_topsql, shared with PRF040). The rows are in-window figures (basis
    window) or counters since the reset (cumulative)."""
    return _topsql.rate(rows, th, basis_params=basis_params, where=lambda r: f"{r['database']}/{r['username']}")


SPEC = CheckSpec(
    code="PRF001",
    name="top_sql_dominant_or_slow",
    title=T("Top SQL: a statement dominating the execution time, or slow (mean ≥ 20 ms over ≥ 100 calls)",
            "Top SQL：单条语句占用大部分执行时间，或为慢语句（平均 ≥ 20 ms 且 ≥ 100 次调用）"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"postgresql": EngineSupport(min_version="13", privilege="pg_read_all_stats, pg_read_all_settings",
                                         requires=("preload:pg_stat_statements", "extension:pg_stat_statements"))},
    columns=("statement", "queryid", "database", "username", "query", "rank", "calls", "total_time_ms", "mean_time_ms",
             "time_pct", "rows", "shared_blks_hit", "shared_blks_read", "temp_blks_written", "temp_mb", "wal_bytes",
             "io_time_ms", "statements", "total_time_all_ms", "basis", "counters_since", "counters_until",
             "coverage_pct", "lower_bound"),
    object_key=("statement",),
    thresholds=(
        Threshold(name="time_share_pct", unit="% of all statements' execution time", warning=30, critical=None,
                  rationale="postgres-checkup K000 flags a query taking over 30 % of the total time (catalog PG-PERF-01)"),
        Threshold(name="mean_time_ms", unit="ms per call", warning=20, critical=None,
                  rationale="PgHero's slow query: mean ≥ 20 ms (slow_query_ms) with ≥ 100 calls (catalog PG-PERF-01)"),
        Threshold(name="min_calls", unit="calls", kind="guard", value=100,
                  rationale="PgHero's slow_query_calls: a statement run fewer times is not rated slow (catalog PG-PERF-01)"),
        Threshold(name="top", unit="statements", kind="guard", value=20,
                  rationale="how many statements the finding lists by total time (pg_profile and PgHero list the top "
                            "20), plus the slow ones beyond them"),
    ),
    judge=judge,
    messages={
        "ok": T("{statements} statement(s) ran {basis_text}, {total_time} in all; none takes {time_share_pct_warning} % "
                "of the time or is slow (mean ≥ {mean_time_ms_warning} ms over ≥ {min_calls} calls). Top: "
                "{top_list}.{bound_note}",
                "{basis_text_zh}共执行 {statements} 条语句，合计 {total_time}；没有语句占用 {time_share_pct_warning}% 的时间，也没有慢语句"
                "（平均 ≥ {mean_time_ms_warning} ms 且 ≥ {min_calls} 次调用）。Top：{top_list}。{bound_note_zh}"),
        "problem": T("{flagged} statement(s) {basis_text} take a large share of the time or are slow: {flag_list}. "
                     "{statements} statement(s), {total_time} in all; top: {top_list}.{bound_note}",
                     "{basis_text_zh}有 {flagged} 条语句占用大部分时间或为慢语句：{flag_list}。共 {statements} 条语句，"
                     "合计 {total_time}；Top：{top_list}。{bound_note_zh}"),
        "none": T("No statement ran {basis_text} (apart from dbpatrol's own).{bound_note}",
                  "{basis_text_zh}没有执行任何语句（dbpatrol 自身的语句除外）。{bound_note_zh}"),
    },
    remediation=RemediationSpec(
        text=T("For each listed statement: run EXPLAIN (ANALYZE, BUFFERS) with representative parameters on a "
               "replica or in a maintenance window (it executes the statement: a data-changing one inside BEGIN … ROLLBACK), look for sequential scans of large tables, sorts and hashes "
               "spilling to disk (PRF003) and row estimates far from the actual rows; add the missing index, rewrite "
               "the query, or run it less often (caching, batching). Do not reset pg_stat_statements: other tools "
               "and the next inspection read it.",
               "对每条列出的语句：在备库或维护窗口中用有代表性的参数执行 EXPLAIN (ANALYZE, BUFFERS)（它会真正执行语句：修改数据的语句须放在 BEGIN … ROLLBACK 中），查找大表顺序扫描、"
               "溢出到磁盘的排序和哈希（PRF003）以及与实际行数相差很大的估算；补充缺失的索引、改写查询，或减少执行次数"
               "（缓存、批处理）。不要重置 pg_stat_statements：其他工具和下次巡检都依赖它。"),
        commands={"postgresql": [
            "SELECT query, calls, total_exec_time, mean_exec_time, rows FROM pg_stat_statements WHERE queryid = <queryid>;",
            "BEGIN; EXPLAIN (ANALYZE, BUFFERS) <the statement with representative parameters>; ROLLBACK;  -- ANALYZE runs the statement: an INSERT/UPDATE/DELETE writes and locks rows unless rolled back (a replica refuses it)",
        ]},
        references=["https://www.postgresql.org/docs/current/pgstatstatements.html",
                    "https://github.com/ankane/pghero", "https://gitlab.com/postgres-ai/postgres-checkup"],
    ),
    timeout_s=20,
)
