from checks.judges import num, uses
from checks.performance._pg import MIN_COVERED, SHORT, pct, too_short
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

COUNTERS = ("checkpoints_timed", "checkpoints_req", "buffers_checkpoint", "buffers_clean", "buffers_backend",
            "checkpoint_write_time", "checkpoint_sync_time")
# Over the window: in-window increases of pg.bgwriter (17+ stores the checkpointer's counters under these names
# too, and buffers_backend from pg_stat_io: checks/samples/postgresql/bgwriter@17.sql).
WINDOW = WindowSpec(source="pg.bgwriter", counters={c: c for c in COUNTERS})


@uses("requested_pct", "min_checkpoints", "min_covered_h")
def judge(rows, th, ctx) -> Verdict:
    r = dict(rows[0]) if rows else {}
    timed, req = num(r.get("checkpoints_timed")) or 0, num(r.get("checkpoints_req")) or 0
    total = int(timed + req)
    written = sum(num(r.get(c)) or 0 for c in ("buffers_checkpoint", "buffers_clean", "buffers_backend"))
    r.update(checkpoints=total, requested_pct=pct(req, total, 1),
             backend_write_pct=pct(r.get("buffers_backend"), written, 1),
             checkpoint_write_pct=pct(r.get("buffers_checkpoint"), written, 1))
    params = {k: r.get(k) for k in ("checkpoints_timed", "checkpoints_req", "max_wal_size", "checkpoint_timeout",
                                    "counters_since", "days_since")}
    params.update(checkpoints=total, requested_pct=r["requested_pct"], min_checkpoints=int(th["min_checkpoints"].value or 0),
                  backend_write_pct="n/a" if r["backend_write_pct"] is None else f"{r['backend_write_pct']:g}",
                  buffers_backend=int(num(r.get("buffers_backend")) or 0))
    short = too_short(rows, th)
    if short is not None:
        return short
    if total == 0:
        return Verdict(outcome=Outcome.SKIPPED, message="none", params=params, evidence=[r])
    if total < (th["min_checkpoints"].value or 0):
        return Verdict(outcome=Outcome.OK, message="few", params=params, evidence=[r])
    outcome = th["requested_pct"].classify(r["requested_pct"])
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params, evidence=[r])


SPEC = CheckSpec(
    code="PRF012",
    name="checkpoints_requested",
    title=T("Checkpoints forced by WAL volume rather than by time", "检查点多由 WAL 量触发而非按时触发"),
    category="performance",
    tier="semiannual",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login", window=WINDOW)},
    columns=(*COUNTERS, "counters_since", "days_since", "max_wal_size", "checkpoint_timeout"),
    basis="cumulative",
    thresholds=(
        Threshold(name="requested_pct", unit="%", warning=20, direction="above",
                  rationale="pg-healthcheck G03-008: checkpoints_req / (checkpoints_req + checkpoints_timed) over 20 % "
                            "is a WARN (catalog PG-PERF-04; pgwatch also colours requested checkpoints)"),
        Threshold(name="min_checkpoints", unit="checkpoints", kind="guard", value=10,
                  rationale="below 10 checkpoints the share is a handful of events: a base backup, CREATE DATABASE and "
                            "a manual CHECKPOINT each request one; listed, not rated"),
        MIN_COVERED,
    ),
    judge=judge,
    messages={
        **SHORT,
        "ok": T("{requested_pct}% of {checkpoints} checkpoints were requested ({checkpoints_req} requested, "
                "{checkpoints_timed} timed; backends wrote {backend_write_pct}% of the buffers written, {buffers_backend} "
                "buffers) since {counters_since}, when these counters were last reset — not over the window: no "
                "snapshots cover it",
                "自 {counters_since}（计数器上次重置）以来 {checkpoints} 次检查点中 {requested_pct}% 为请求触发（请求 "
                "{checkpoints_req} 次，定时 {checkpoints_timed} 次；后端进程自行写出 {backend_write_pct}% 的缓冲区，共 "
                "{buffers_backend} 个）——非窗口内数据：没有快照覆盖窗口"),
        "few": T("{checkpoints} checkpoints since {counters_since} ({checkpoints_req} requested, {checkpoints_timed} timed): "
                 "fewer than {min_checkpoints}, too few to rate the requested share",
                 "自 {counters_since} 以来仅 {checkpoints} 次检查点（请求 {checkpoints_req} 次，定时 {checkpoints_timed} 次），"
                 "少于 {min_checkpoints} 次，不足以评估请求触发比例"),
        "none": T("not applicable: no checkpoint since {counters_since} (the counters cover less than one checkpoint_timeout, "
                  "{checkpoint_timeout})",
                  "不适用：自 {counters_since} 以来没有检查点（计数时间短于一个 checkpoint_timeout，{checkpoint_timeout}）"),
        "problem": T("{requested_pct}% of {checkpoints} checkpoints were requested ({checkpoints_req} requested, "
                     "{checkpoints_timed} timed since {counters_since}, when these counters were last reset; threshold "
                     "{requested_pct_warning}%): WAL fills max_wal_size ({max_wal_size}) before checkpoint_timeout "
                     "({checkpoint_timeout}); backends wrote {backend_write_pct}% of the buffers written",
                     "{checkpoints} 次检查点中 {requested_pct}% 为请求触发（自 {counters_since}（计数器上次重置）以来请求 "
                     "{checkpoints_req} 次、定时 {checkpoints_timed} 次；阈值 {requested_pct_warning}%）：在 checkpoint_timeout"
                     "（{checkpoint_timeout}）之前 WAL 已写满 max_wal_size（{max_wal_size}）；后端进程自行写出 "
                     "{backend_write_pct}% 的缓冲区"),
        "window.ok": T("{requested_pct}% of {checkpoints} checkpoints in the window were requested ({checkpoints_req} "
                       "requested, {checkpoints_timed} timed; backends wrote {backend_write_pct}% of the buffers written, "
                       "{buffers_backend} buffers; snapshots from {window_since} to {window_until}, covering "
                       "{coverage_pct}% of the window)",
                       "窗口内 {checkpoints} 次检查点中 {requested_pct}% 为请求触发（请求 {checkpoints_req} 次，定时 "
                       "{checkpoints_timed} 次；后端进程自行写出 {backend_write_pct}% 的缓冲区，共 {buffers_backend} 个；"
                       "快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）"),
        "window.few": T("{checkpoints} checkpoints in the window ({checkpoints_req} requested, {checkpoints_timed} timed; "
                        "snapshots from {window_since} to {window_until}, covering {coverage_pct}% of the window): fewer "
                        "than {min_checkpoints}, too few to rate the requested share",
                        "窗口内仅 {checkpoints} 次检查点（请求 {checkpoints_req} 次，定时 {checkpoints_timed} 次；快照 "
                        "{window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%），少于 {min_checkpoints} 次，不足以评估"),
        "window.none": T("not applicable: no checkpoint in the snapshots from {window_since} to {window_until} (less than "
                         "one checkpoint_timeout, {checkpoint_timeout}, covered)",
                         "不适用：快照 {window_since} 至 {window_until} 内没有检查点（覆盖时间不足一个 checkpoint_timeout，"
                         "{checkpoint_timeout}）"),
        "window.problem": T("{requested_pct}% of {checkpoints} checkpoints in the window were requested "
                            "({checkpoints_req} requested, {checkpoints_timed} timed; snapshots from {window_since} to "
                            "{window_until}, covering {coverage_pct}% of the window; threshold {requested_pct_warning}%): "
                            "WAL fills max_wal_size ({max_wal_size}) before checkpoint_timeout ({checkpoint_timeout}); "
                            "backends wrote {backend_write_pct}% of the buffers written",
                            "窗口内 {checkpoints} 次检查点中 {requested_pct}% 为请求触发（请求 {checkpoints_req} 次、定时 "
                            "{checkpoints_timed} 次；快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%；阈值 "
                            "{requested_pct_warning}%）：在 checkpoint_timeout（{checkpoint_timeout}）之前 WAL 已写满 "
                            "max_wal_size（{max_wal_size}）；后端进程自行写出 {backend_write_pct}% 的缓冲区"),
    },
    remediation=RemediationSpec(
        text=T("Raise max_wal_size so that checkpoints are started by checkpoint_timeout (watch the disk the WAL lives on: "
               "up to max_wal_size is kept), and look for what writes WAL in bursts (bulk loads, index builds); a manual "
               "CHECKPOINT in a job also counts as requested. Many buffers written by backends mean the background "
               "writer falls behind: raise bgwriter_lru_maxpages or shared_buffers.",
               "调大 max_wal_size，使检查点由 checkpoint_timeout 触发（注意 WAL 所在磁盘：最多保留 max_wal_size），并找出突发写"
               "WAL 的操作（批量导入、建索引）；作业中手动执行的 CHECKPOINT 也计为请求触发。后端自行写出的缓冲区多，说明后台写"
               "进程跟不上：调大 bgwriter_lru_maxpages 或 shared_buffers。"),
        commands={"postgresql": [
            "SHOW max_wal_size; SHOW checkpoint_timeout;",
            "ALTER SYSTEM SET max_wal_size = '<size>'; SELECT pg_reload_conf();  -- pg_wal may hold this much and more (archiving, slots): below its filesystem's free space",
            "ALTER SYSTEM SET log_checkpoints = on; SELECT pg_reload_conf();  -- the log then says why each started",
        ]},
        references=["https://www.postgresql.org/docs/current/wal-configuration.html",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-CHECKPOINTER-VIEW"],
    ),
    timeout_s=5,
)
