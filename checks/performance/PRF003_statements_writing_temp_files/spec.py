from checks.judges import EVIDENCE_LIMIT, uses
from checks.performance._statements import basis_params
from checks.performance._topsql import short as _short, split_series
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("temp_mb_per_day", "min_days")
def judge(rows, th, ctx) -> Verdict:
    """Each statement's temporary-file writes (temp_blks_written × block size) per day of the period
    against temp_mb_per_day; a period shorter than min_days counts as min_days (ERR004's rule)."""
    series, clean = split_series(rows)
    stm = [r for r in clean if r.get("statement")]
    first = clean[0] if clean else {}
    params = {**basis_params(clean), "spilling": len(stm), "min_days": th["min_days"].value}
    per_day_div = max(float(first.get("days") or 0), float(th["min_days"].value or 0), 1e-9)
    objects, rated = {}, []
    for r in stm:
        r["temp_mb_per_day"] = round(r["temp_mb"] / per_day_div, 1)
        o = th["temp_mb_per_day"].classify(r["temp_mb_per_day"])
        objects[r["statement"]] = o
        if o is not Outcome.OK:
            rated.append(r)
    outcome = Outcome.worst(list(objects.values())) if objects else Outcome.OK
    line = lambda r: (f"[{r['database']}/{r['username']}] {_short(r['query'])}: {r['temp_mb']} MB "  # noqa: E731
                      f"({r['temp_mb_per_day']} MB/day, {r['calls']} calls, {r['temp_mb_per_call']} MB/call)")
    params.update(flagged=len(rated), flag_list="; ".join(line(r) for r in rated[:5]),
                  top_list="; ".join(line(r) for r in stm[:3]))
    key = "none" if not stm else ("ok" if outcome is Outcome.OK else "problem")
    evidence = (rated + [r for r in stm if r not in rated])[:EVIDENCE_LIMIT]
    return Verdict(outcome=outcome, message=key, params=params, evidence=evidence, total=len(stm), objects=objects,
                   basis=first.get("basis"), coverage_pct=first.get("coverage_pct"), series=series or None)


SPEC = CheckSpec(
    code="PRF003",
    name="statements_writing_temp_files",
    title=T("Statements writing temporary files (sorts and hashes spilling to disk)",
            "写临时文件的语句（排序和哈希溢出到磁盘）"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"postgresql": EngineSupport(min_version="13", privilege="pg_read_all_stats, pg_read_all_settings",
                                         requires=("preload:pg_stat_statements", "extension:pg_stat_statements"))},
    columns=("statement", "queryid", "database", "username", "query", "rank", "calls", "temp_blks_written", "temp_mb",
             "temp_mb_per_call", "temp_pct", "total_time_ms", "mean_time_ms", "days", "spilling", "basis",
             "counters_since", "counters_until", "coverage_pct", "lower_bound"),
    object_key=("statement",),
    thresholds=(
        Threshold(name="temp_mb_per_day", unit="MB/day per statement", warning=1024, critical=10240,
                  rationale="ERR004's temp spill limits per database (pgwatch temp write rate, pg-healthcheck G03-015, "
                            "catalog PG-ERR-07: 1/10 GB per day) applied to the statement behind them "
                            "(pg_stat_statements temp_blks_written, catalog PG-PERF-01)"),
        Threshold(name="min_days", unit="days", kind="guard", value=1,
                  rationale="ERR004's rule: a per-day rate needs a day of counting; a shorter period divides by one day"),
    ),
    judge=judge,
    messages={
        "ok": T("{spilling} statement(s) wrote temporary files {basis_text}, none {temp_mb_per_day_warning} MB/day or "
                "more: {top_list}.{bound_note}",
                "{basis_text_zh}有 {spilling} 条语句写了临时文件，均低于 {temp_mb_per_day_warning} MB/天：{top_list}。"
                "{bound_note_zh}"),
        "problem": T("{flagged} statement(s) {basis_text} write {temp_mb_per_day_warning} MB/day or more to temporary "
                     "files: {flag_list}.{bound_note}",
                     "{basis_text_zh}有 {flagged} 条语句每天写入临时文件 {temp_mb_per_day_warning} MB 或更多：{flag_list}。"
                     "{bound_note_zh}"),
        "none": T("No statement wrote temporary files {basis_text}.{bound_note}",
                  "{basis_text_zh}没有语句写临时文件。{bound_note_zh}"),
    },
    remediation=RemediationSpec(
        text=T("For each statement: EXPLAIN (ANALYZE, BUFFERS) shows the Sort/Hash node that spills ('Disk: … kB', "
               "temp read/written). Give that statement more memory where it runs (SET LOCAL work_mem in its "
               "transaction, or ALTER ROLE … SET work_mem for its application role — not a server-wide raise, which "
               "multiplies by every sort of every session), or avoid the spill: an index that delivers the order, "
               "fewer rows sorted or hashed, no DISTINCT/ORDER BY it does not need.",
               "对每条语句：EXPLAIN (ANALYZE, BUFFERS) 可显示溢出的 Sort/Hash 节点（'Disk: … kB'、临时读写）。只为该语句增加内存"
               "（在其事务中 SET LOCAL work_mem，或为其应用角色 ALTER ROLE … SET work_mem——不要全局调大，它会乘以每个会话的每个排序），"
               "或避免溢出：用能提供顺序的索引、减少排序或哈希的行数、去掉不必要的 DISTINCT/ORDER BY。"),
        commands={"postgresql": [
            "BEGIN; EXPLAIN (ANALYZE, BUFFERS) <the statement with representative parameters>; ROLLBACK;  -- ANALYZE runs the statement: an INSERT/UPDATE/DELETE writes and locks rows unless rolled back (a replica refuses it)",
            "ALTER ROLE <application role> SET work_mem = '<size>';  -- that role's sessions only; each sort or hash of each of its sessions may use this much",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-WORK-MEM",
                    "https://www.postgresql.org/docs/current/pgstatstatements.html"],
    ),
    timeout_s=20,
)
