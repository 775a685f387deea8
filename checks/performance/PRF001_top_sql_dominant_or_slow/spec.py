from checks.judges import EVIDENCE_LIMIT, uses
from checks.performance._statements import basis_params
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _short(text, n: int = 80) -> str:
    t = str(text or "")
    return t if len(t) <= n else t[: n - 1] + "…"


def _line(r) -> str:
    return (f"#{r['rank']} [{r['database']}/{r['username']}] {_short(r['query'])}: {r['total_time_ms']:.0f} ms "
            f"({r['time_pct']} %), {r['calls']} calls, mean {r['mean_time_ms']} ms")


@uses("time_share_pct", "mean_time_ms", "min_calls", "top")
def judge(rows, th, ctx) -> Verdict:
    """Each listed statement: its share of all statements' execution time against time_share_pct
    (postgres-checkup K000), and slow = mean ≥ mean_time_ms over ≥ min_calls calls (PgHero); the worst
    decides. The rows are in-window figures (basis window) or counters since the reset (cumulative)."""
    series = {}
    clean = []
    for r in rows:
        r = dict(r)
        s = r.pop("series", None)
        if s and r.get("statement"):
            series[r["statement"]] = s
        clean.append(r)
    stm = sorted((r for r in clean if r.get("statement")), key=lambda r: r["rank"])
    params = {**basis_params(clean), "statements": clean[0].get("statements", 0) if clean else 0,
              "total_time": f"{(clean[0].get('total_time_all_ms') or 0) / 1000:.1f} s" if clean else "0 s",
              "min_calls": int(th["min_calls"].value or 0)}
    basis = clean[0].get("basis") if clean else None
    coverage = clean[0].get("coverage_pct") if clean else None
    if not stm:
        return Verdict(outcome=Outcome.OK, message="none", params=params, evidence=[], basis=basis,
                       coverage_pct=coverage, objects={})
    rated, objects = [], {}
    for r in stm:
        why = []
        o_share = th["time_share_pct"].classify(r.get("time_pct"))
        if o_share is not Outcome.OK:
            why.append(f"{r['time_pct']} % of all time")
        o_slow = Outcome.OK
        if (r.get("calls") or 0) >= (th["min_calls"].value or 0):
            o_slow = th["mean_time_ms"].classify(r.get("mean_time_ms"))
            if o_slow is not Outcome.OK:
                why.append(f"slow: mean {r['mean_time_ms']} ms over {r['calls']} calls")
        o = Outcome.worst([o_share, o_slow])
        r["flag"] = "; ".join(why)
        objects[r["statement"]] = o
        if o is not Outcome.OK:
            rated.append(r)
    outcome = Outcome.worst(list(objects.values()))
    params.update(top_list="; ".join(_line(r) for r in stm[:3]), flagged=len(rated),
                  flag_list="; ".join(f"{_line(r)} — {r['flag']}" for r in rated[:5]))
    evidence = (rated + [r for r in stm if not r.get("flag")])[:EVIDENCE_LIMIT]
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=evidence, total=len(stm), objects=objects, basis=basis, coverage_pct=coverage,
                   series=series or None)


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
