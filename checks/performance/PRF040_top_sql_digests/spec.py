from checks.judges import uses
from checks.performance import _topsql
from checks.performance._mydigests import ENABLE, ENABLE_ZH, basis_params
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict


@uses("time_share_pct", "mean_time_ms", "min_calls", "min_total_time_s", "top")
def judge(rows, th, ctx) -> Verdict:
    """Each listed digest: its share of all digests' time against time_share_pct (rated only from
    min_total_time_s of statement time in all), and slow = mean ≥ mean_time_ms over ≥ min_calls
    executions; the worst decides (checks/performance/_topsql, shared with PRF001). The rows are
    in-window figures (basis window) or counters since the server start (cumulative), as the collector
    found them."""
    return _topsql.rate(rows, th, basis_params=basis_params, where=lambda r: r.get("schema_name") or "-",
                        calls_word="executions", total_floor=True)


SUPPORT = dict(privilege="SELECT ON performance_schema.*", requires=("performance_schema",))

SPEC = CheckSpec(
    code="PRF040",
    name="top_sql_digests",
    title=T("Top SQL (statement digests): one dominating the time, or slow (mean ≥ 20 ms over ≥ 100 executions)",
            "Top SQL（语句摘要）：单条语句占用大部分时间，或为慢语句（平均 ≥ 20 ms 且 ≥ 100 次执行）"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"mysql": EngineSupport(min_version="8.0", **SUPPORT),
             "mariadb": EngineSupport(min_version="10.5", **SUPPORT)},
    columns=("statement", "digest", "schema_name", "query", "rank", "calls", "total_time_ms", "mean_time_ms", "time_pct",
             "lock_time_ms", "rows_sent", "rows_examined", "no_index_used", "no_good_index_used", "tmp_disk_tables",
             "sort_merge_passes", "statements", "total_time_all_ms", "basis", "counters_since", "counters_until",
             "coverage_pct", "lower_bound"),
    object_key=("statement",),
    thresholds=(
        Threshold(name="time_share_pct", unit="% of all digests' time", warning=30, critical=None,
                  rationale="MySQLTuner's performance_schema section lists the top statements by total latency "
                            "(catalog MY-PERF-01) without a level; the 30 % share is PRF001's (postgres-checkup K000), "
                            "so both engines rate alike"),
        Threshold(name="mean_time_ms", unit="ms per execution", warning=20, critical=None,
                  rationale="PgHero's slow query (mean ≥ 20 ms with ≥ 100 calls), as PRF001; sys.statement_analysis "
                            "ranks by the same latency"),
        Threshold(name="min_calls", unit="executions", kind="guard", value=100,
                  rationale="a digest run fewer times is not rated slow (PgHero's slow_query_calls, as PRF001)"),
        Threshold(name="min_total_time_s", unit="s of statement time", kind="guard", value=1,
                  rationale="dbpatrol's: under a second of statement time in the window (a quiet server, the "
                            "monitoring's own connection set-up) the share of one digest says nothing: only slowness "
                            "is rated then"),
        Threshold(name="top", unit="digests", kind="guard", value=20,
                  rationale="how many digests the finding lists by total time (sys.statement_analysis, pg_profile and "
                            "PgHero list the top 20), plus the slow ones beyond them"),
    ),
    judge=judge,
    messages={
        "ok": T("{statements} statement digest(s) ran {basis_text}, {total_time} in all; none takes "
                "{time_share_pct_warning} % of the time (rated from {min_total_time_s} s in all) or is slow (mean ≥ {mean_time_ms_warning} ms over ≥ {min_calls} "
                "executions). Top: {top_list}.{bound_note}",
                "{basis_text_zh}共执行 {statements} 个语句摘要，合计 {total_time}；没有语句占用 {time_share_pct_warning}% 的时间（合计满 "
                "{min_total_time_s} 秒才评估占比），"
                "也没有慢语句（平均 ≥ {mean_time_ms_warning} ms 且 ≥ {min_calls} 次执行）。Top：{top_list}。{bound_note_zh}"),
        "problem": T("{flagged} statement digest(s) {basis_text} take a large share of the time or are slow: "
                     "{flag_list}. {statements} digest(s), {total_time} in all; top: {top_list}.{bound_note}",
                     "{basis_text_zh}有 {flagged} 个语句摘要占用大部分时间或为慢语句：{flag_list}。共 {statements} 个摘要，"
                     "合计 {total_time}；Top：{top_list}。{bound_note_zh}"),
        "none": T("No statement digest counted {basis_text} (apart from monitoring statements).{bound_note}",
                  "{basis_text_zh}没有任何语句摘要计数（监控语句除外）。{bound_note_zh}"),
    },
    remediation=RemediationSpec(
        text=T("For each listed digest: EXPLAIN (MySQL 8: EXPLAIN ANALYZE, on a replica — it runs the query) a real "
               "statement of it (MySQL 8: QUERY_SAMPLE_TEXT of the digest row), look for full scans (no_index_used, "
               "PRF041), on-disk temporary tables (PRF030) and sort merge passes (PRF034); add the missing index, "
               "rewrite, or run it less often. Do not TRUNCATE the digest table: other tools and the next inspection "
               "read it. performance_schema not on: " + ENABLE + ".",
               "对每个列出的摘要：对其真实语句执行 EXPLAIN（MySQL 8 可在备库上执行 EXPLAIN ANALYZE —— 会实际执行；样例语句见摘要行的 "
               "QUERY_SAMPLE_TEXT），查找全表扫描（no_index_used，PRF041）、磁盘临时表（PRF030）与排序合并（PRF034）；补充缺失的索引、"
               "改写语句或减少执行次数。不要 TRUNCATE 摘要表：其他工具与下次巡检都依赖它。performance_schema 未开启时：" + ENABLE_ZH + "。"),
        commands={
            "mysql": ["SELECT schema_name, digest_text, count_star, sum_timer_wait/1e12 AS total_s, query_sample_text "
                      "FROM performance_schema.events_statements_summary_by_digest WHERE digest = '<digest>';",
                      "SELECT * FROM sys.statement_analysis LIMIT 20;"],
            "mariadb": ["SELECT schema_name, digest_text, count_star, sum_timer_wait/1e12 AS total_s "
                        "FROM performance_schema.events_statements_summary_by_digest WHERE digest = '<digest>';",
                        "SELECT * FROM sys.statement_analysis LIMIT 20;"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/performance-schema-statement-digests.html",
                    "https://mariadb.com/kb/en/performance-schema-events_statements_summary_by_digest-table/",
                    "https://github.com/major/MySQLTuner-perl"],
    ),
    timeout_s=20,
)
