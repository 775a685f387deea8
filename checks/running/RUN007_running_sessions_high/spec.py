from checks.judges import num, summary_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec

_now = summary_judge([("running", "running")])


@uses("running")
def judge(rows, th, ctx) -> Verdict:
    """The sessions executing now; over the window (peak_running, from snapshots) also the most at once there:
    a peak over the threshold is reported, with when, though now is fine."""
    verdict = _now(rows, th, ctx)
    if rows and rows[0].get("peak_running") is not None:
        peak = th["running"].classify(num(rows[0].get("peak_running")))
        if peak.rank > verdict.outcome.rank:
            verdict.outcome, verdict.message = peak, "peak"
    return verdict


def window_peak_my(row) -> dict:
    """MySQL/MariaDB window rows: Threads_running counts the sampler's own statement, which is not a session
    the check counts."""
    peak = num(row.get("peak_running"))
    return {} if peak is None else {"peak_running": max(int(peak) - 1, 0)}


# Over the window: the most sessions executing at once in the snapshots (peak_at when) beside the state now.
# PostgreSQL: pg.activity's running / waiting_on_locks, counted as the check's SQL counts them. MySQL/MariaDB:
# Threads_running (less the sampler's own; replication threads executing count there, the check's SQL leaves
# them out) and Innodb_row_lock_current_waits (row-lock waits only; the SQL also counts metadata and table
# lock waits).
PG_WINDOW = WindowSpec(source="pg.activity", peaks={"peak_running": "running", "peak_waiting_on_locks": "waiting_on_locks"},
                       peak_at="peak_at")
MY_WINDOW = WindowSpec(source="my.status", derive=window_peak_my, peak_at="peak_at",
                       peaks={"peak_running": "threads_running", "peak_waiting_on_locks": "innodb_row_lock_current_waits"})

SPEC = CheckSpec(
    code="RUN007",
    name="running_sessions_high",
    title=T("Too many sessions executing at once", "并发执行会话数过高（Threads_running）"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", window=PG_WINDOW),
        # mysql@8.0.22.sql reads performance_schema.processlist: empty when performance_schema is OFF
        "mysql": EngineSupport(min_version="5.7", privilege="PROCESS, SELECT ON performance_schema.*",
                               requires=("performance_schema",), window=MY_WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS", window=MY_WINDOW),
    },
    columns=("running", "waiting_on_locks", "connected"),
    thresholds=(
        Threshold(name="running", unit="sessions", warning=50, critical=96, direction="above",
                  rationale="BlueKing Threads_running 50 warn (MY-RUN-04); critical 96 = DAS's min(4·cores+8, 96), reached "
                            "at 22 cores or more. Absolute defaults: the inventory has no CPU count yet, so DAS's "
                            "per-core rule (warning min(2·cores+8, 64), critical min(4·cores+8, 96)) cannot be applied "
                            "here — set them per instance from its core count"),
    ),
    judge=judge,
    messages={
        "ok": T("{running} of {connected} client sessions executing at inspection time (threshold {running_warning})",
                "巡检时刻 {connected} 个客户端会话中有 {running} 个正在执行（阈值 {running_warning}）"),
        "problem": T("{running} sessions executing at once at inspection time ({waiting_on_locks} waiting on locks, "
                     "{connected} connected; threshold {running_warning})",
                     "巡检时刻有 {running} 个会话同时执行（其中 {waiting_on_locks} 个在等锁，共 {connected} 个连接；"
                     "阈值 {running_warning}）"),
        # chosen only with a sampled peak, so in window rows (window.peak); the base keeps the spec's rule
        "peak": T("{peak_running} sessions executing at once at {peak_at} (at most {peak_waiting_on_locks} waiting on "
                  "locks; threshold {running_warning}); {running} executing at inspection time",
                  "{peak_at} 有 {peak_running} 个会话同时执行（等锁最多 {peak_waiting_on_locks} 个；阈值 {running_warning}）；"
                  "巡检时刻正在执行 {running} 个"),
        "window.ok": T("{running} of {connected} client sessions executing now; at most {peak_running} at once in the "
                       "window, at {peak_at} (at most {peak_waiting_on_locks} waiting on locks; {window_since} to "
                       "{window_until} from snapshots, {coverage_pct}% of the window; threshold {running_warning})",
                       "当前 {connected} 个客户端会话中有 {running} 个正在执行；窗口内最多 {peak_running} 个同时执行，出现于 "
                       "{peak_at}（等锁最多 {peak_waiting_on_locks} 个；快照 {window_since} 至 {window_until}，覆盖窗口 "
                       "{coverage_pct}%；阈值 {running_warning}）"),
        "window.problem": T("{running} sessions executing at once now ({waiting_on_locks} waiting on locks, {connected} "
                            "connected; threshold {running_warning}); at most {peak_running} in the window, at {peak_at} "
                            "({window_since} to {window_until} from snapshots, {coverage_pct}% of the window)",
                            "当前有 {running} 个会话同时执行（其中 {waiting_on_locks} 个在等锁，共 {connected} 个连接；阈值 "
                            "{running_warning}）；窗口内最多 {peak_running} 个，出现于 {peak_at}（快照 {window_since} 至 "
                            "{window_until}，覆盖窗口 {coverage_pct}%）"),
        "window.peak": T("{peak_running} sessions executing at once at {peak_at}, inside the window ({window_since} to "
                         "{window_until} from snapshots, {coverage_pct}% of the window; at most {peak_waiting_on_locks} "
                         "waiting on locks; threshold {running_warning}); {running} executing now",
                         "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）于 {peak_at} 有 "
                         "{peak_running} 个会话同时执行（等锁最多 {peak_waiting_on_locks} 个；阈值 {running_warning}）；"
                         "当前正在执行 {running} 个"),
    },
    remediation=RemediationSpec(
        text=T("A pile-up of running sessions usually means slow statements or a lock/latch convoy; look at what "
               "they wait on and at the slowest statements. Limit concurrency in the pool rather than adding connections.",
               "大量会话同时执行通常意味着慢 SQL 或锁/闩锁排队；查看它们在等待什么以及最慢的语句。"
               "应在连接池侧限制并发，而不是增加连接数。"),
        commands={
            "postgresql": ["SELECT wait_event_type, wait_event, count(*) FROM pg_stat_activity WHERE state = 'active' "
                           "GROUP BY 1, 2 ORDER BY 3 DESC;"],
            "mysql": ["SHOW GLOBAL STATUS LIKE 'Threads_running';",
                      "SELECT state, count(*) FROM information_schema.PROCESSLIST WHERE command <> 'Sleep' "
                      "GROUP BY state ORDER BY 2 DESC;"],
        },
        references=["https://mariadb.com/kb/en/server-status-variables/#threads_running",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#WAIT-EVENT-TABLE"],
    ),
    timeout_s=5,
)
