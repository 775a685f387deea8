from checks.judges import num, uses
from checks.performance._pg import pct, shown
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

# Over the window: the most autovacuum workers at once and the longest run seen in the pg.autovacuum snapshots
# inside it (peak_at: when the first peak was), and the autovacuum / autoanalyze runs counted there.
WINDOW = WindowSpec(source="pg.autovacuum", peaks={"peak_workers": "workers", "peak_longest_s": "longest_s"},
                    peak_at="peak_at", counters={"autovacuum_count": "autovacuum_count",
                                                 "autoanalyze_count": "autoanalyze_count"})


@uses("workers_busy_pct", "run_s")
def judge(rows, th, ctx) -> Verdict:
    """Saturation: the most workers busy at once over autovacuum_max_workers (all busy: tables wait their turn);
    long runs: the longest autovacuum run seen. The worse of the two decides."""
    r = dict(rows[0]) if rows else {}
    if str(r.get("autovacuum") or "on").lower() in ("off", "false", "0"):
        return Verdict(outcome=Outcome.SKIPPED, message="off", params={}, evidence=[r])
    busy = pct(r.get("peak_workers"), r.get("max_workers"), 1)
    r["workers_busy_pct"] = busy
    sat = th["workers_busy_pct"].classify(busy)
    long = th["run_s"].classify(num(r.get("peak_longest_s")))
    outcome = Outcome.worst((sat, long))
    params = {k: r.get(k) for k in ("workers", "max_workers", "peak_workers", "autovacuum_count", "autoanalyze_count",
                                    "datname", "counters_since")}
    wraps = int(num(r.get("wraparound_workers")) or 0)
    params["wrap_note"] = (f" ({wraps} anti-wraparound vacuum(s) running now, the longest for "
                           f"{shown(r.get('wraparound_longest_s'))} s: counted as busy workers, not rated as a long run — "
                           f"they run for hours by design; the XID age they fix is RUN010's)") if wraps else ""
    params["wrap_note_zh"] = (f"（当前有 {wraps} 个防回卷清理在运行，最长 {shown(r.get('wraparound_longest_s'))} 秒：计入忙碌的"
                              f"工作进程，但不按运行过久评估——它们按设计会运行数小时；其对应的 XID 年龄由 RUN010 评估）") if wraps else ""
    params.update(peak_at=r.get("peak_at") or "inspection time", longest_vacuum=r.get("longest_vacuum") or "none now",
                  peak_longest_s=shown(r.get("peak_longest_s")), longest_s=shown(r.get("longest_s")),
                  busy_pct=shown(busy))
    message = "ok" if outcome is Outcome.OK else ("saturated" if sat.rank >= long.rank else "long")
    return Verdict(outcome=outcome, message=message, params=params, evidence=[r])


SPEC = CheckSpec(
    code="PRF017",
    name="autovacuum_saturated",
    title=T("Autovacuum workers saturated or running long", "autovacuum 工作进程饱和或运行过久"),
    category="performance",
    tier="semiannual",
    engines={
        # pg_read_all_stats: the autovacuum workers' xact_start in pg_stat_activity and pg_stat_progress_vacuum
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", roles=("primary",), window=WINDOW),
    },
    columns=("workers", "max_workers", "longest_s", "longest_vacuum", "peak_workers", "peak_longest_s", "peak_at",
             "wraparound_workers", "wraparound_longest_s",
             "autovacuum_count", "autoanalyze_count", "datname", "counters_since", "days_since", "autovacuum"),
    basis="current",
    thresholds=(
        Threshold(name="workers_busy_pct", unit="% of autovacuum_max_workers", warning=100, direction="above",
                  rationale="postgres-checkup F008 (autovacuum resource usage) / PG-PERF-09: every autovacuum_max_workers "
                            "worker busy at once means tables wait in the queue for their vacuum"),
        Threshold(name="run_s", unit="s", warning=60, critical=300, direction="above",
                  rationale="pgwatch longest autovacuum run 60 / 300 s (catalog PG-PERF-09)"),
    ),
    judge=judge,
    messages={
        "ok": T("autovacuum now: {workers} of {max_workers} workers running, the longest for {longest_s} s ({longest_vacuum}); "
                "{autovacuum_count} autovacuum and {autoanalyze_count} autoanalyze runs on {datname}'s tables since "
                "{counters_since} — the state now, not over the window: no snapshots cover it{wrap_note}",
                "autovacuum 当前：{max_workers} 个工作进程中 {workers} 个在运行，最长已运行 {longest_s} 秒（{longest_vacuum}）；"
                "自 {counters_since} 以来 {datname} 的表上 autovacuum {autovacuum_count} 次、autoanalyze {autoanalyze_count} 次"
                "——为当前状态，非窗口内数据：没有快照覆盖窗口{wrap_note_zh}"),
        "saturated": T("all autovacuum workers are busy now ({peak_workers} of {max_workers}, threshold "
                       "{workers_busy_pct_warning}% of them; the longest for {longest_s} s: {longest_vacuum}): tables wait "
                       "for their vacuum{wrap_note}",
                       "当前所有 autovacuum 工作进程都在忙（{max_workers} 个中 {peak_workers} 个，阈值 {workers_busy_pct_warning}%；"
                       "最长已运行 {longest_s} 秒：{longest_vacuum}）：表在排队等待清理{wrap_note_zh}"),
        "long": T("an autovacuum has run for {peak_longest_s} s ({longest_vacuum}; threshold {run_s_warning} s); "
                  "{workers} of {max_workers} workers running{wrap_note}",
                  "有 autovacuum 已运行 {peak_longest_s} 秒（{longest_vacuum}；阈值 {run_s_warning} 秒）；{max_workers} 个"
                  "工作进程中 {workers} 个在运行{wrap_note_zh}"),
        "off": T("not applicable: autovacuum is off (autovacuum = off): only anti-wraparound vacuums run; turn it on "
                 "(ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf();) — CFG005 rates its settings",
                 "不适用：autovacuum 已关闭（autovacuum = off），只有防回卷的清理会运行；请开启（ALTER SYSTEM SET autovacuum = on; "
                 "SELECT pg_reload_conf();）——其参数由 CFG005 评估"),
        "window.ok": T("autovacuum in the window: at most {peak_workers} of {max_workers} workers at once ({peak_at}), the "
                       "longest run seen {peak_longest_s} s; {autovacuum_count} autovacuum and {autoanalyze_count} "
                       "autoanalyze runs on {datname}'s tables (snapshots from {window_since} to {window_until}, covering "
                       "{coverage_pct}% of the window; a run between two snapshots is not seen){wrap_note}",
                       "窗口内 autovacuum：同时运行最多 {max_workers} 个中的 {peak_workers} 个（{peak_at}），观察到的最长运行 "
                       "{peak_longest_s} 秒；{datname} 的表上 autovacuum {autovacuum_count} 次、autoanalyze {autoanalyze_count} "
                       "次（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%；两次快照之间的运行看不到）{wrap_note_zh}"),
        "window.saturated": T("all autovacuum workers were busy at once in the window ({peak_workers} of {max_workers} at "
                              "{peak_at}; threshold {workers_busy_pct_warning}% of them; the longest run seen "
                              "{peak_longest_s} s; snapshots from {window_since} to {window_until}, covering "
                              "{coverage_pct}% of the window): tables waited for their vacuum{wrap_note}",
                              "窗口内所有 autovacuum 工作进程曾同时忙碌（{peak_at} 时 {max_workers} 个中 {peak_workers} 个；阈值 "
                              "{workers_busy_pct_warning}%；观察到的最长运行 {peak_longest_s} 秒；快照 {window_since} 至 "
                              "{window_until}，覆盖窗口 {coverage_pct}%）：表在排队等待清理{wrap_note_zh}"),
        "window.long": T("an autovacuum ran for {peak_longest_s} s or more in the window (threshold {run_s_warning} s; at "
                         "most {peak_workers} of {max_workers} workers at once; snapshots from {window_since} to "
                         "{window_until}, covering {coverage_pct}% of the window){wrap_note}",
                         "窗口内有 autovacuum 运行了至少 {peak_longest_s} 秒（阈值 {run_s_warning} 秒；同时最多 {max_workers} "
                         "个中的 {peak_workers} 个；快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）{wrap_note_zh}"),
    },
    remediation=RemediationSpec(
        text=T("Saturated: raise autovacuum_max_workers (restart) and, since the workers share one cost budget, "
               "autovacuum_vacuum_cost_limit; give the largest tables their own lower scale factors. Long runs: look at "
               "the table (pg_stat_progress_vacuum), its indexes (each is scanned per pass: raise "
               "maintenance_work_mem / autovacuum_work_mem) and the cost delay; CFG005 rates the settings.",
               "饱和：调大 autovacuum_max_workers（需重启），由于各工作进程共享同一成本额度，同时调大 "
               "autovacuum_vacuum_cost_limit；为最大的表单独设置更低的 scale factor。运行过久：查看该表"
               "（pg_stat_progress_vacuum）及其索引（每轮都要扫描：调大 maintenance_work_mem / autovacuum_work_mem）和"
               "成本延迟；相关参数由 CFG005 评估。"),
        commands={"postgresql": [
            "SELECT p.pid, p.datname, p.relid::regclass, p.phase, now() - a.xact_start AS running FROM pg_stat_progress_vacuum p "
            "JOIN pg_stat_activity a USING (pid);",
            "ALTER SYSTEM SET autovacuum_vacuum_cost_limit = 2000; SELECT pg_reload_conf();",
            "ALTER TABLE <schema>.<table> SET (autovacuum_vacuum_scale_factor = 0.02);",
        ]},
        references=["https://www.postgresql.org/docs/current/routine-vacuuming.html#AUTOVACUUM",
                    "https://www.postgresql.org/docs/current/progress-reporting.html#VACUUM-PROGRESS-REPORTING"],
    ),
    timeout_s=5,
)
