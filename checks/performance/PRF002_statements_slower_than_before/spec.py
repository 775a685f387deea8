from checks.judges import EVIDENCE_LIMIT, uses
from checks.performance._statements import basis_params
from checks.performance._topsql import short as _short
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("growth_factor", "min_calls", "min_mean_ms")
def judge(rows, th, ctx) -> Verdict:
    """Each statement with ≥ min_calls calls in both periods: its mean time now over its mean in the
    previous period of the same length against growth_factor, when the mean now is ≥ min_mean_ms (a
    sub-millisecond mean moves with caching and load, not with the plan)."""
    stm = [r for r in rows if r.get("statement")]
    first = rows[0] if rows else {}
    prev_note = first.get("prev_lower_bound") or ""
    params = {**basis_params(rows), "prev_since": first.get("prev_since"), "prev_until": first.get("prev_until"),
              "compared": len(stm), "min_calls": int(th["min_calls"].value or 0),
              "min_mean_ms": th["min_mean_ms"].value}
    if prev_note:
        params["bound_note"] += f" The previous period's figures are lower bounds: {prev_note}."
        params["bound_note_zh"] += f"上一周期的数值为下限：{prev_note}。"
    objects, rated = {}, []
    for r in stm:
        o = Outcome.OK
        if (r.get("mean_time_ms") or 0) >= (th["min_mean_ms"].value or 0):
            o = th["growth_factor"].classify(r.get("factor"))
        objects[r["statement"]] = o
        if o is not Outcome.OK:
            rated.append(r)
    outcome = Outcome.worst(list(objects.values())) if objects else Outcome.OK
    params.update(slower=len(rated), slower_list="; ".join(
        f"[{r['database']}/{r['username']}] {_short(r['query'])}: mean {r['prev_mean_time_ms']} → {r['mean_time_ms']} ms "
        f"(× {r['factor']}; {r['prev_calls']} → {r['calls']} calls)" for r in rated[:5]))
    evidence = (rated + [r for r in stm if r not in rated])[:EVIDENCE_LIMIT]
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "slower", params=params,
                   evidence=evidence, total=len(stm), objects=objects, basis=first.get("basis"),
                   coverage_pct=first.get("coverage_pct"))


SPEC = CheckSpec(
    code="PRF002",
    name="statements_slower_than_before",
    title=T("Statements whose mean time grew against the previous period", "平均耗时比上一周期增长的语句"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"postgresql": EngineSupport(min_version="13", privilege="pg_read_all_stats, pg_read_all_settings",
                                         requires=("preload:pg_stat_statements", "extension:pg_stat_statements"))},
    columns=("statement", "queryid", "database", "username", "query", "calls", "mean_time_ms", "prev_calls",
             "prev_mean_time_ms", "factor", "total_time_ms", "rows", "shared_blks_read", "temp_mb", "basis",
             "counters_since", "counters_until", "prev_since", "prev_until", "coverage_pct", "lower_bound",
             "prev_lower_bound", "compared"),
    object_key=("statement",),
    thresholds=(
        Threshold(name="growth_factor", unit="× the previous period's mean", warning=2, critical=5,
                  rationale="pg_profile's get_diffreport and postgres-checkup K003 set two periods' statement "
                            "statistics side by side without a limit (catalog PG-PERF-01); dbpatrol flags a mean "
                            "that doubled, critical at five times"),
        Threshold(name="min_calls", unit="calls in each period", kind="guard", value=100,
                  rationale="PgHero rates a statement only from 100 calls (slow_query_calls, catalog PG-PERF-01): "
                            "fewer make a mean that one odd call moves"),
        Threshold(name="min_mean_ms", unit="ms per call now", kind="guard", value=1,
                  rationale="a sub-millisecond mean moves with caching and load rather than with the plan; PgHero's "
                            "slow floor is 20 ms (catalog PG-PERF-01), 1 ms keeps the regressions below it in view"),
    ),
    judge=judge,
    messages={
        "ok": T("No statement's mean time grew × {growth_factor_warning} or more {basis_text} against the previous period "
                "({prev_since} → {prev_until}): {compared} statement(s) with ≥ {min_calls} calls in both compared.{bound_note}",
                "{basis_text_zh}与上一周期（{prev_since} → {prev_until}）相比，没有语句的平均耗时增长到 {growth_factor_warning} 倍"
                "或以上：比较了 {compared} 条在两个周期内均 ≥ {min_calls} 次调用的语句。{bound_note_zh}"),
        "slower": T("{slower} statement(s) got slower {basis_text} against the previous period ({prev_since} → "
                    "{prev_until}): {slower_list}.{bound_note}",
                    "{basis_text_zh}与上一周期（{prev_since} → {prev_until}）相比，有 {slower} 条语句变慢：{slower_list}。"
                    "{bound_note_zh}"),
    },
    remediation=RemediationSpec(
        text=T("Find what changed for each statement: its plan (EXPLAIN with representative parameters now, against "
               "an older plan if auto_explain or a plan store kept one), the tables' growth and statistics (ANALYZE; "
               "stale statistics and a new value distribution change plans), a dropped or bloated index, settings "
               "(CFG014), or more concurrency (waits). Fix the cause — an index, ANALYZE, a rewritten query — rather "
               "than resetting the statistics.",
               "逐条查找变化的原因：执行计划（现在用有代表性的参数 EXPLAIN，与 auto_explain 或计划存储保留的旧计划对比）、"
               "表的增长与统计信息（ANALYZE；过期的统计信息和新的数据分布会改变计划）、被删除或膨胀的索引、参数变更（CFG014），"
               "或并发增加（等待）。修复原因——索引、ANALYZE、改写查询——而不是重置统计。"),
        commands={"postgresql": [
            "BEGIN; EXPLAIN (ANALYZE, BUFFERS) <the statement with representative parameters>; ROLLBACK;  -- ANALYZE runs the statement: an INSERT/UPDATE/DELETE writes and locks rows unless rolled back (a replica refuses it)",
            "SELECT relname, n_live_tup, last_analyze, last_autoanalyze FROM pg_stat_user_tables ORDER BY n_live_tup DESC LIMIT 20;",
        ]},
        references=["https://www.postgresql.org/docs/current/pgstatstatements.html",
                    "https://github.com/zubkov-andrei/pg_profile"],
    ),
    timeout_s=20,
)
