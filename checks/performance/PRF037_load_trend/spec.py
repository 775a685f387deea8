from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _iso(v) -> str:
    return v.replace(microsecond=0).isoformat() + "Z" if hasattr(v, "isoformat") else str(v)


@uses("qps_growth_pct", "min_questions")
def judge(rows, th, ctx) -> Verdict:
    """Statements per second in the window against the previous period of the same length (both from snapshots);
    a trend needs both periods with enough statements, else SKIPPED (never OK on one period)."""
    r = dict(rows[0]) if rows else {}
    floor = th["min_questions"].value or 0
    qps, prev = num(r.get("qps")), num(r.get("prev_qps"))
    growth = round(100 * (qps - prev) / prev, 1) if qps is not None and prev else None
    r["qps_growth_pct"] = growth
    params = {**r, "value": growth, "min_questions": floor,
              "since": _iso(r.get("counters_since")), "until": _iso(r.get("counters_until")),
              "psince": _iso(r.get("prev_since")), "puntil": _iso(r.get("prev_until")),
              "restart_note": " (a restart inside: counted by segments)" if r.get("restarted") else "",
              "restart_note_zh": "（期间有重启：分段计数）" if r.get("restarted") else "",
              "engine_cps": "n/a" if r.get("engine_commits_ps") is None else r.get("engine_commits_ps"),
              "prev_engine_cps": "n/a" if r.get("prev_engine_commits_ps") is None else r.get("prev_engine_commits_ps")}
    # mysql-perf-review-2 S4: a replica's applier statements are not in Questions, so its load is its own clients'
    replica = (getattr(ctx, "facts", None) or {}).get("role") == "standby"
    params["role_note"] = (" This server is a replica (facts: role): the replication applier's statements are not in "
                           "Questions, so this is its own clients' (read) load only." if replica else "")
    params["role_note_zh"] = ("本实例为复制从库（facts: role）：复制应用线程的语句不计入 Questions，此处仅为其自身客户端的（读）负载。"
                              if replica else "")
    if r.get("qps") is None or r.get("prev_qps") is None:
        return Verdict(outcome=Outcome.SKIPPED, message="no_periods", params=params, evidence=[r])
    if (r.get("questions") or 0) < floor or (r.get("prev_questions") or 0) < floor:
        return Verdict(outcome=Outcome.SKIPPED, message="too_little", params=params, evidence=[r])
    outcome = th["qps_growth_pct"].classify(growth)
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params, evidence=[r],
                   basis="window")


SPEC = CheckSpec(
    code="PRF037",
    name="load_trend",
    title=T("The load grew sharply against the previous period", "负载较上一周期大幅增长"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
             "mariadb": EngineSupport(min_version="10.3", privilege="USAGE")},
    columns=("questions", "qps", "tps", "read_pct", "covered_s", "prev_questions", "prev_qps", "prev_tps",
             "prev_read_pct", "prev_covered_s", "counters_since", "counters_until", "prev_since", "prev_until"),
    thresholds=(
        Threshold(name="qps_growth_pct", unit="% more statements per second", warning=50, critical=100,
                  rationale="MySQLTuner's --compare-file and DAS's daily scores show the QPS trend between runs (catalog "
                            "MY-PERF-11) without a level; dbpatrol's: half as much load again as the previous period "
                            "is capacity to plan, twice as much a change to explain"),
        Threshold(name="min_questions", unit="statements", kind="guard", value=10000,
                  rationale="a period of fewer than 10,000 statements (the sampler alone makes a few per snapshot) is no "
                            "load to compare: not rated"),
    ),
    judge=judge,
    messages={
        "ok": T("{qps} statements/s and {tps} transactions/s in the window ({since} to {until} from snapshots; reads "
                "{read_pct}% of SELECT/INSERT/UPDATE/DELETE), against {prev_qps} and {prev_tps} in the previous period "
                "of the same length ({psince} to {puntil}; reads {prev_read_pct}%): {value}%{restart_note} "
                "(threshold +{qps_growth_pct_warning}%). Transactions are explicit COMMIT/ROLLBACK statements only "
                "(autocommit statements are not in them); the engines committed {engine_cps}/s against "
                "{prev_engine_cps}/s (Handler_commit: autocommit and read-only statements included).{role_note}",
                "窗口内（快照 {since} 至 {until}）每秒 {qps} 条语句、{tps} 个事务（读占 SELECT/INSERT/UPDATE/DELETE 的 "
                "{read_pct}%），上一同长周期（{psince} 至 {puntil}）为 {prev_qps} 与 {prev_tps}（读占 {prev_read_pct}%）："
                "变化 {value}%{restart_note_zh}（阈值 +{qps_growth_pct_warning}%）。事务数仅为显式 COMMIT/ROLLBACK 语句（不含自动提交"
                "的语句）；存储引擎提交 {engine_cps}/s 对比 {prev_engine_cps}/s（Handler_commit：含自动提交与只读语句）。{role_note_zh}"),
        "problem": T("the load grew {value}% against the previous period{restart_note}: {qps} statements/s in the window "
                     "({since} to {until}) against {prev_qps} ({psince} to {puntil}); transactions {tps}/s against "
                     "{prev_tps}/s (explicit COMMIT/ROLLBACK only; engine commits {engine_cps}/s against {prev_engine_cps}/s, "
                     "autocommit statements included), reads {read_pct}% against {prev_read_pct}% (threshold "
                     "+{qps_growth_pct_warning}%).{role_note}",
                     "负载较上一周期增长 {value}%{restart_note_zh}：窗口内（{since} 至 {until}）每秒 {qps} 条语句，上一周期"
                     "（{psince} 至 {puntil}）为 {prev_qps}；事务 {tps}/s 对比 {prev_tps}/s，读占比 {read_pct}% 对比 "
                     "{prev_read_pct}%（阈值 +{qps_growth_pct_warning}%）；事务仅为显式 COMMIT/ROLLBACK，存储引擎提交 {engine_cps}/s 对比 "
                     "{prev_engine_cps}/s（含自动提交语句）。{role_note_zh}"),
        "no_periods": T("not applicable: a trend needs snapshots of the window and of the previous period of the same "
                        "length (the sampler, or earlier inspections' own snapshots); the store has too few",
                        "不适用：趋势需要窗口及其前一同长周期的快照（采样器或此前巡检自身的快照）；存储中快照不足"),
        "too_little": T("not applicable (too little activity to rate): fewer than {min_questions} statements in the "
                        "window or in the previous period",
                        "不适用（活动太少，不评估）：窗口或上一周期内的语句少于 {min_questions} 条"),
    },
    remediation=RemediationSpec(
        text=T("Find what grew: the top digests of both periods (PRF040, the previous report), connections (RUN001) "
               "and the applications' own release notes; plan CPU, buffer pool and I/O for the new load before it "
               "grows again.",
               "找出增长来源：对比两个周期的 Top 摘要（PRF040、上一份报告）、连接数（RUN001）及应用的发布记录；在负载继续增长前规划 "
               "CPU、缓冲池与 I/O 容量。"),
        commands={"mysql": ["SELECT * FROM sys.statement_analysis LIMIT 20;"],
                  "mariadb": ["SELECT * FROM sys.statement_analysis LIMIT 20;"]},
        references=["https://github.com/major/MySQLTuner-perl"],
    ),
    timeout_s=10,
)
