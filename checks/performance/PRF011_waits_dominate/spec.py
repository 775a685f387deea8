from checks.judges import num, uses
from checks.performance._pg import pct, shown
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

# Over the window: the sums of the pg.waits samples inside it (each snapshot is one sample: the sampler's every
# few minutes and each inspection's own).
WINDOW = WindowSpec(source="pg.waits", match=("wait_key",), sums={"backends": "backends", "samples": "samples"})
HEAVY = ("Lock", "LWLock", "IO")


@uses("wait_pct", "min_backend_samples")
def judge(rows, th, ctx) -> Verdict:
    """The share of the sampled active backends waiting on heavyweight locks (Lock), internal locks (LWLock)
    or I/O (IO); the largest of the three is rated, from min_backend_samples sampled backends on."""
    if any(r.get("window_coverage_pct") is not None for r in rows):
        # over the window: an event sampled now but in no snapshot inside it counted 0 there (checks/window.py
        # keeps such rows as they are now; a profile is the window's samples only)
        rows = [r for r in rows if r.get("window_coverage_pct") is not None]
    total_row = next((r for r in rows if r.get("wait_key") == "(all)"), None)
    events = [r for r in rows if r.get("wait_key") != "(all)"]
    total = int(num(total_row.get("backends")) or 0) if total_row else sum(int(num(r.get("backends")) or 0) for r in events)
    samples = int(num(total_row.get("samples")) or 0) if total_row else 0
    for r in events:
        r["wait_event_type"] = r.get("wait_event_type") or str(r.get("wait_key", "")).split(":", 1)[0]
        r["share_pct"] = pct(r.get("backends"), total, 1)
    shares = {t: pct(sum(num(r.get("backends")) or 0 for r in events if r["wait_event_type"] == t), total, 1) or 0.0
              for t in HEAVY}
    events.sort(key=lambda r: -(num(r.get("backends")) or 0))
    heavy = max(HEAVY, key=lambda t: shares[t])
    top = events[0] if events else {}
    top_heavy = next((r for r in events if r["wait_event_type"] == heavy), {})
    params = {"samples": samples, "backends": total, "lock_pct": shown(shares["Lock"]), "lwlock_pct": shown(shares["LWLock"]),
              "io_pct": shown(shares["IO"]), "heavy": heavy, "heavy_pct": shown(shares[heavy]),
              "heavy_event": top_heavy.get("wait_key", ""), "top": top.get("wait_key", "none"),
              "top_pct": shown(top.get("share_pct")), "min_backend_samples": int(th["min_backend_samples"].value or 0),
              "profile": ", ".join(f"{r['wait_key']} {shown(r['share_pct'])}%" for r in events[:5]) or "none"}
    evidence = events[:20] + ([total_row] if total_row else [])
    if total < (th["min_backend_samples"].value or 0):
        return Verdict(outcome=Outcome.OK, message="few", params=params, evidence=evidence, objects={})
    outcome = th["wait_pct"].classify(shares[heavy])
    objects = {r["wait_key"]: outcome for r in events if r["wait_event_type"] == heavy} if outcome is not Outcome.OK else {}
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params, evidence=evidence,
                   objects=objects)


SPEC = CheckSpec(
    code="PRF011",
    name="waits_dominate",
    title=T("Active sessions mostly waiting on locks or I/O (wait profile)", "活动会话大多在等待锁或 I/O（等待事件分布）"),
    category="performance",
    tier="semiannual",
    engines={
        # pg_read_all_stats: other users' sessions in pg_stat_activity (their wait events are hidden otherwise)
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", window=WINDOW),
    },
    columns=("wait_key", "wait_event_type", "wait_event", "backends", "samples"),
    object_key=("wait_key",),
    basis="current",
    thresholds=(
        Threshold(name="wait_pct", unit="% of sampled active backends", warning=20, critical=50, direction="above",
                  rationale="postgres_ai N001 and pg_gather report the wait profile as shares of their samples without a "
                            "limit (catalog PG-PERF-03); our default: one in five sampled active sessions waiting on Lock, "
                            "LWLock or IO is contention worth a look, half is the workload's main cost — tune per system"),
        Threshold(name="min_backend_samples", unit="sampled active backends", kind="guard", value=30,
                  rationale="a share of fewer than 30 sampled active backends is a handful of observations (pg_gather "
                            "takes 2,000 samples for one profile); listed, not rated"),
    ),
    judge=judge,
    messages={
        "ok": T("wait profile now, one sample at inspection time (no snapshots in the window: run the sampler for a "
                "profile over the window): {backends} active sessions; Lock {lock_pct}%, LWLock {lwlock_pct}%, IO "
                "{io_pct}%; {profile}",
                "当前等待事件分布，仅巡检时刻一个样本（窗口内没有快照：运行采样器可得到窗口内的分布）：{backends} 个活动会话；"
                "Lock {lock_pct}%、LWLock {lwlock_pct}%、IO {io_pct}%；{profile}"),
        "few": T("wait profile: {backends} active sessions in {samples} sample(s) — fewer than {min_backend_samples}, too "
                 "few to rate (one sample at inspection time: no snapshots in the window); {profile}",
                 "等待事件分布：{samples} 个样本中共 {backends} 个活动会话——少于 {min_backend_samples}，不足以评估（仅巡检时刻"
                 "一个样本：窗口内没有快照）；{profile}"),
        "problem": T("{heavy_pct}% of the active sessions wait on {heavy} (most: {heavy_event}) in the one sample taken at "
                     "inspection time (no snapshots in the window; threshold {wait_pct_warning}%): {profile}",
                     "巡检时刻的一个样本中（窗口内没有快照），{heavy_pct}% 的活动会话在等待 {heavy}（最多：{heavy_event}；"
                     "阈值 {wait_pct_warning}%）：{profile}"),
        "window.ok": T("wait profile in the window, summed over {samples} samples from {window_since} to {window_until} "
                       "(the sampler's and each inspection's snapshots): {backends} active sessions sampled; Lock "
                       "{lock_pct}%, LWLock {lwlock_pct}%, IO {io_pct}%; {profile}",
                       "窗口内等待事件分布，汇总 {window_since} 至 {window_until} 的 {samples} 个样本（采样器与每次巡检的快照）："
                       "共采到 {backends} 个活动会话；Lock {lock_pct}%、LWLock {lwlock_pct}%、IO {io_pct}%；{profile}"),
        "window.few": T("wait profile in the window: {backends} active sessions in {samples} samples from {window_since} "
                        "to {window_until} — fewer than {min_backend_samples}, too few to rate; {profile}",
                        "窗口内等待事件分布：{window_since} 至 {window_until} 的 {samples} 个样本中共 {backends} 个活动会话"
                        "——少于 {min_backend_samples}，不足以评估；{profile}"),
        "window.problem": T("{heavy_pct}% of the sampled active sessions waited on {heavy} in the window (most: "
                            "{heavy_event}; {backends} active sessions in {samples} samples from {window_since} to "
                            "{window_until}; threshold {wait_pct_warning}%): {profile}",
                            "窗口内采样到的活动会话中 {heavy_pct}% 在等待 {heavy}（最多：{heavy_event}；{window_since} 至 "
                            "{window_until} 的 {samples} 个样本中共 {backends} 个活动会话；阈值 {wait_pct_warning}%）：{profile}"),
    },
    remediation=RemediationSpec(
        text=T("Lock: find the blockers (RUN005, pg_blocking_pids(), log_lock_waits) and shorten the transactions that "
               "hold row or table locks. LWLock: look at the event (WALWrite / WALInsert: WAL volume and disk; "
               "BufferMapping / buffer_content: hot pages, shared_buffers; LockManager: too many partitions or "
               "relations per query). IO (DataFileRead): reads that miss the cache — PRF013, PRF014, PRF016.",
               "Lock：找出阻塞者（RUN005、pg_blocking_pids()、log_lock_waits），缩短持有行锁或表锁的事务。LWLock：看具体"
               "事件（WALWrite / WALInsert：WAL 量和磁盘；BufferMapping / buffer_content：热点页、shared_buffers；"
               "LockManager：单条查询涉及的分区或表过多）。IO（DataFileRead）：未命中缓存的读取——见 PRF013、PRF014、PRF016。"),
        commands={"postgresql": [
            "SELECT wait_event_type, wait_event, count(*) FROM pg_stat_activity WHERE state = 'active' GROUP BY 1, 2 ORDER BY 3 DESC;",
            "ALTER SYSTEM SET log_lock_waits = on; SELECT pg_reload_conf();",
        ]},
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#WAIT-EVENT-TABLE",
                    "https://github.com/jobinau/pg_gather"],
    ),
    timeout_s=5,
)
