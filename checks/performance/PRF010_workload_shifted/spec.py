from checks.judges import num, uses
from checks.performance._pg import MIN_COVERED, SHORT, per_s, seconds, shown, too_short
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

COUNTERS = ("xact_commit", "xact_rollback", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated",
            "tup_deleted", "sessions")
# Over the window: every counter as its in-window increase of pg.database snapshots.
WINDOW = WindowSpec(source="pg.database", match=("scope",), counters={c: c for c in COUNTERS})


_fmt = shown


@uses("change_factor", "min_tps", "min_covered_h")
def judge(rows, th, ctx) -> Verdict:
    """Informational: each database's rates over the time its counters cover. A database whose transaction
    rate moved by change_factor or more against the period of the same length before the window (when the
    store holds snapshots of it) is a notice: the workload shifted, and sizing made for the old one may not
    hold. Databases under min_tps in both periods are not compared (an idle database's ratio is noise)."""
    factor, floor = th["change_factor"].warning, th["min_tps"].value or 0
    if any(seconds(r) for r in rows):
        short = too_short(rows, th)
        if short is not None:
            return short
    min_s = (th["min_covered_h"].value or 0) * 3600
    rated, shifted = [], []
    for r in rows:
        secs = seconds(r)
        xacts = (num(r.get("xact_commit")) or 0) + (num(r.get("xact_rollback")) or 0)
        out = {**r, "xacts": int(xacts), "tps": per_s(xacts, secs)}
        for c in ("tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted", "sessions"):
            out[f"{c}_per_s"] = per_s(r.get(c), secs, 3 if c == "sessions" else 1)
        prev_secs = (num(r.get("prev_days")) or 0) * 86400
        prev = (num(r.get("prev_xact_commit")) or 0) + (num(r.get("prev_xact_rollback")) or 0)
        # the previous period is compared only over as much covered time as the window needs (S1)
        out["prev_tps"] = per_s(prev, prev_secs) if r.get("prev_days") is not None and prev_secs >= min_s else None
        out["change"] = None
        if out["tps"] is not None and out["prev_tps"] is not None and max(out["tps"], out["prev_tps"]) >= floor:
            lo, hi = sorted((out["tps"], out["prev_tps"]))
            out["change"] = round(hi / lo, 1) if lo > 0 else None
            if factor is not None and (lo <= 0 or hi / lo >= factor):
                shifted.append(out)
        rated.append(out)
    measured = [r for r in rated if r["tps"] is not None]
    if not measured:
        return Verdict(outcome=Outcome.SKIPPED, message="no_interval", params={"count": len(rows)})
    measured.sort(key=lambda r: -(r["tps"] or 0))
    top = measured[0]
    params = {"scope": top["scope"], "tps": _fmt(top["tps"]), "count": len(measured),
              "returned": _fmt(top["tup_returned_per_s"]), "fetched": _fmt(top["tup_fetched_per_s"]),
              "inserted": _fmt(top["tup_inserted_per_s"]), "updated": _fmt(top["tup_updated_per_s"]),
              "deleted": _fmt(top["tup_deleted_per_s"]), "sessions": _fmt(top["sessions_per_s"]),
              "days": _fmt(num(top.get("days_since"))), "counters_since": top.get("counters_since"),
              "factor": _fmt(factor), "min_tps": _fmt(floor)}
    if shifted:
        s = max(shifted, key=lambda r: r["change"] or float("inf"))
        params.update(shifted_scope=s["scope"], shifted_tps=_fmt(s["tps"]), shifted_prev=_fmt(s["prev_tps"]),
                      shifted_count=len(shifted))
        return Verdict(outcome=Outcome.WARNING, message="shifted", params=params, evidence=shifted + [
            r for r in measured if r not in shifted][:20], objects={r["scope"]: Outcome.WARNING for r in shifted})
    compared = [r for r in measured if r["prev_tps"] is not None]
    params["compared"] = len(compared)
    return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=measured[:50], objects={})


SPEC = CheckSpec(
    code="PRF010",
    name="workload_shifted",
    title=T("Workload profile (transactions, tuples, sessions per second) and sharp shifts",
            "负载概况（每秒事务、行操作、会话）及其剧烈变化"),
    category="performance",
    tier="semiannual",
    engines={
        # 14+: pg_stat_database.sessions (13 is end of life since November 2025).
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash (as ERR004).
        "postgresql": EngineSupport(min_version="14", privilege="pg_read_all_stats", window=WINDOW),
    },
    columns=("scope", *COUNTERS, "counters_since", "days_since", "prev_xact_commit", "prev_xact_rollback", "prev_days"),
    object_key=("scope",),
    basis="cumulative",
    thresholds=(
        Threshold(name="change_factor", unit="×", warning=3, direction="above",
                  rationale="pg-healthcheck wal_rate_baseline_multiplier 3.0 (a rate above 3× its baseline is a WARN); "
                            "here transactions/s against the period of the same length before the window, either way "
                            "(postgres-checkup K001 reports the workload itself, without a verdict)"),
        Threshold(name="min_tps", unit="transactions/s", kind="guard", value=1,
                  rationale="databases under 1 transaction/s in both periods are idle: their ratio (0.01 → 0.05/s) is "
                            "noise, not a shift; they are listed, not compared"),
        MIN_COVERED,
    ),
    judge=judge,
    messages={
        **SHORT,
        "ok": T("busiest database {scope}: {tps} transactions/s; tuples/s returned {returned}, fetched {fetched}, "
                "inserted {inserted}, updated {updated}, deleted {deleted}; {sessions} sessions/s — averages over "
                "{days} days since {counters_since}, when these counters started (the last stats reset or crash), "
                "not over the window: no snapshots cover it ({count} databases)",
                "最繁忙的数据库 {scope}：每秒 {tps} 个事务；每秒行数 返回 {returned}、读取 {fetched}、插入 {inserted}、"
                "更新 {updated}、删除 {deleted}；每秒 {sessions} 个会话——为自 {counters_since}（计数起点：最近一次统计"
                "重置或实例崩溃）以来 {days} 天的平均值，而非窗口内：没有快照覆盖窗口（共 {count} 个数据库）"),
        "shifted": T("the workload of {shifted_scope} shifted: {shifted_tps} transactions/s against {shifted_prev}/s "
                     "in the period of the same length before ({shifted_count} database(s) changed by {factor}× or "
                     "more; busiest {scope}: {tps}/s)",
                     "{shifted_scope} 的负载发生剧烈变化：每秒 {shifted_tps} 个事务，之前同等长度时段为每秒 {shifted_prev} "
                     "个（{shifted_count} 个数据库变化达 {factor} 倍或以上；最繁忙的 {scope}：每秒 {tps} 个）"),
        "no_interval": T("not applicable: the counters of the {count} databases started just now; there is no interval "
                         "to take rates over yet",
                         "不适用：{count} 个数据库的计数器刚刚开始计数，尚无可计算速率的时间区间"),
        "window.no_interval": T("not applicable: the snapshots from {window_since} to {window_until} cover no measurable time; there is no interval to take rates over",
                              "不适用：快照 {window_since} 至 {window_until} 覆盖的时间过短，无法计算速率"),
        "window.ok": T("busiest database {scope} in the window: {tps} transactions/s; tuples/s returned {returned}, "
                       "fetched {fetched}, inserted {inserted}, updated {updated}, deleted {deleted}; {sessions} "
                       "sessions/s (snapshots from {window_since} to {window_until}, covering {coverage_pct}% of the "
                       "window; {compared} of {count} databases compared with the period before, none moved by "
                       "{factor}× or more)",
                       "窗口内最繁忙的数据库 {scope}：每秒 {tps} 个事务；每秒行数 返回 {returned}、读取 {fetched}、插入 "
                       "{inserted}、更新 {updated}、删除 {deleted}；每秒 {sessions} 个会话（快照 {window_since} 至 "
                       "{window_until}，覆盖窗口 {coverage_pct}%；{count} 个数据库中 {compared} 个与前一时段比较，"
                       "无变化达 {factor} 倍者）"),
        "window.shifted": T("the workload of {shifted_scope} shifted in the window: {shifted_tps} transactions/s "
                            "against {shifted_prev}/s in the period of the same length before (snapshots from "
                            "{window_since} to {window_until}, covering {coverage_pct}% of the window; "
                            "{shifted_count} database(s) changed by {factor}× or more; busiest {scope}: {tps}/s)",
                            "窗口内 {shifted_scope} 的负载发生剧烈变化：每秒 {shifted_tps} 个事务，之前同等长度时段为每秒 "
                            "{shifted_prev} 个（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%；"
                            "{shifted_count} 个数据库变化达 {factor} 倍或以上；最繁忙的 {scope}：每秒 {tps} 个）"),
    },
    remediation=RemediationSpec(
        text=T("Find what changed with the application owners (a new release, a batch, a migration, traffic moved "
               "between databases) and check that capacity (connections, CPU, I/O, WAL and archive volume) was sized "
               "for the new load; the performance checks beside this one show where it costs.",
               "与应用负责人确认发生了什么变化（新版本、批处理、迁移、流量在数据库之间迁移），并确认容量（连接、CPU、I/O、"
               "WAL 与归档量）已按新负载评估；同级的其他性能检查项显示负载消耗在何处。"),
        commands={"postgresql": [
            "SELECT datname, xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, "
            "tup_deleted, sessions, stats_reset FROM pg_stat_database ORDER BY xact_commit DESC;",
        ]},
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW"],
    ),
    timeout_s=5,
)
