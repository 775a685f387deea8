from checks.judges import num, rate_row, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

COLUMNS = ("kind", "application_name", "client", "slot_name", "state", "sync_state", "lag_mb", "replay_lag_s",
           "expected_by")
PHYSICAL_RULES = [("lag_mb", "lag_mb"), ("replay_lag_s", "replay_lag_s")]
LOGICAL_RULES = [("lag_mb", "lag_mb")]  # a logical consumer's replay_lag is its apply lag, judged by its own tools
# Over the window: the highest lag of each sender in the snapshots (pg.replication), judged with the same
# thresholds beside the lag now; peak_at is when the WAL lag peaked.
PEAK_PHYSICAL_RULES = [("peak_lag_mb", "lag_mb"), ("peak_replay_lag_s", "replay_lag_s")]
PEAK_LOGICAL_RULES = [("peak_lag_mb", "lag_mb")]
WINDOW = WindowSpec(source="pg.replication", match=("application_name", "client"), peak_at="peak_at",
                    peaks={"peak_lag_mb": "lag_mb", "peak_replay_lag_s": "replay_lag_s"})


def _low(v) -> str:
    return "" if v is None else str(v).lower()


def _with_inventory(rows, expected) -> list[dict]:
    """The rows plus one 'missing' row per inventory-expected standby that no physical sender matches
    (by application_name, slot name or client address, case-insensitively)."""
    rows = [dict(r) for r in rows]
    for name in expected or ():
        low = name.strip().lower()
        if not low:
            continue
        if any(r.get("kind") == "physical" and r.get("state") != "missing"
               and low in (_low(r.get("application_name")), _low(r.get("slot_name")), _low(r.get("client")))
               for r in rows):
            continue
        known = next((r for r in rows if r.get("state") == "missing" and _low(r.get("application_name")) == low), None)
        if known is not None:
            known["expected_by"] = f"{known.get('expected_by')}, inventory"
            continue
        rows.append({"kind": "physical", "application_name": name.strip(), "client": None, "slot_name": None,
                     "state": "missing", "sync_state": None, "lag_mb": None, "replay_lag_s": None,
                     "expected_by": "inventory"})
    return rows


def _rate(row, th, ctx) -> tuple[Outcome, str]:
    kind = row.get("kind")
    if row.get("state") == "missing":
        return Outcome.CRITICAL, "missing"
    if kind == "backup":  # a base backup streaming WAL is not a standby
        return Outcome.OK, "ok"
    if kind == "logical":
        outcome, key = rate_row(row, LOGICAL_RULES, th, ctx, None, "logical_lag")
        return _with_peak(row, PEAK_LOGICAL_RULES, th, ctx, outcome, key, "logical_peak")
    outcome, key = rate_row(row, PHYSICAL_RULES, th, ctx, None, "problem")
    if row.get("state") != "streaming" and outcome.rank < Outcome.WARNING.rank:
        outcome, key = Outcome.WARNING, "not_streaming"
    return _with_peak(row, PEAK_PHYSICAL_RULES, th, ctx, outcome, key, "peak")


def _with_peak(row, rules, th, ctx, outcome, key, peak_key) -> tuple[Outcome, str]:
    """A window row (its sampled peaks): the peak rated too, and reported when it is worse than now."""
    if row.get("peak_at") is None:
        return outcome, key
    peak, _ = rate_row(row, rules, th, ctx, None, peak_key)
    return (peak, peak_key) if peak.rank > outcome.rank else (outcome, key)


@uses("lag_mb", "replay_lag_s", "expected_standbys")
def _judge(rows, th, ctx) -> Verdict:
    rows = _with_inventory(rows, th["expected_standbys"].value)
    rated = [(r, *_rate(r, th, ctx)) for r in rows]
    bad = [x for x in rated if x[1] is not Outcome.OK]
    bad.sort(key=lambda x: (-x[1].rank, -(num(x[0].get("lag_mb")) or 0)))
    outcome = Outcome.worst(o for _, o, _ in rated)
    standbys = sum(1 for r in rows if r.get("kind") == "physical" and r.get("state") != "missing")
    logical = sum(1 for r in rows if r.get("kind") == "logical")
    missing = sum(1 for r in rows if r.get("state") == "missing")
    if bad:
        worst, key = bad[0][0], bad[0][2]
    else:
        worst, key = {}, ("ok" if rows else "none")
    params = {**worst, "count": len(bad), "total": len(rows), "standbys": standbys, "logical": logical,
              "missing": missing}
    evidence = [r for r, _, _ in bad] or rows
    return Verdict(outcome=outcome, message=key, params=params, evidence=evidence, total=len(evidence),
                   objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="RUN008",
    name="replication_lag",
    title=T("Standby missing or lagging (seen from the primary)", "备库缺失或复制延迟（主库视角）"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", window=WINDOW),
    },
    columns=COLUMNS,
    object_key=("application_name", "client"),
    thresholds=(
        Threshold(name="lag_mb", unit="MB", warning=50, critical=500, direction="above",
                  rationale="pg-healthcheck replication lag 50/500 MB (PG-RUN-08)"),
        Threshold(name="replay_lag_s", unit="s", warning=120, critical=3600, direction="above",
                  rationale="BlueKing replica delay 120 s warn / 3600 s fatal (MY-RUN-06), applied to PostgreSQL replay_lag"),
        Threshold(name="expected_standbys", unit="application_name, slot name or client address", kind="list",
                  value=(),
                  rationale="a standby that is down vanishes from pg_stat_replication (review RUN008); besides physical "
                            "slots and synchronous_standby_names the inventory can name the standbys it expects; a "
                            "missing one is critical like a receiver that is not streaming (pg-healthcheck G15-001, PG-RUN-10)"),
    ),
    judge=_judge,
    messages={
        "ok": T("{standbys} standby(s) streaming, none lagging beyond {lag_mb_warning} MB / {replay_lag_s_warning} s, "
                "no expected standby missing; {logical} logical replication sender(s)",
                "{standbys} 个备库正在流复制，均未超过 {lag_mb_warning} MB / {replay_lag_s_warning} 秒的延迟阈值，"
                "没有缺失的预期备库；另有 {logical} 个逻辑复制发送进程"),
        "none": T("No standby is connected and none is expected (no physical replication slot, synchronous_standby_names "
                  "empty, no expected_standbys in the inventory)",
                  "没有备库连接，也没有预期的备库（无物理复制槽，synchronous_standby_names 为空，清单未配置 expected_standbys）"),
        "missing": T("Standby {application_name} is not connected (expected by {expected_by}); {missing} expected "
                     "standby(s) missing, {standbys} streaming",
                     "备库 {application_name} 未连接（依据：{expected_by}）；共缺失 {missing} 个预期备库，{standbys} 个正在流复制"),
        "problem": T("Standby {application_name} ({client}) lags {lag_mb} MB of WAL, replay delay {replay_lag_s} s "
                     "(thresholds {lag_mb_warning} MB / {replay_lag_s_warning} s); {count} standby(s) need attention",
                     "备库 {application_name}（{client}）落后 {lag_mb} MB WAL，回放延迟 {replay_lag_s} 秒"
                     "（阈值 {lag_mb_warning} MB / {replay_lag_s_warning} 秒）；共 {count} 个备库需要处理"),
        "not_streaming": T("Standby {application_name} ({client}) is connected but in state {state}, not streaming; "
                           "{count} standby(s) need attention",
                           "备库 {application_name}（{client}）已连接，但处于 {state} 状态，未进入流复制；共 {count} 个备库需要处理"),
        "logical_lag": T("Logical replication consumer {application_name} ({client}, slot {slot_name}) has not confirmed "
                         "{lag_mb} MB of WAL (threshold {lag_mb_warning} MB); {count} sender(s) need attention",
                         "逻辑复制消费者 {application_name}（{client}，复制槽 {slot_name}）尚有 {lag_mb} MB WAL 未确认"
                         "（阈值 {lag_mb_warning} MB）；共 {count} 个发送进程需要处理"),
        # chosen for window rows only (sampled peaks): window.peak / window.logical_peak
        "peak": T("Standby {application_name} ({client}) lagged up to {peak_lag_mb} MB of WAL at {peak_at}, replay delay "
                  "up to {peak_replay_lag_s} s (thresholds {lag_mb_warning} MB / {replay_lag_s_warning} s); {lag_mb} MB "
                  "now; {count} standby(s) need attention",
                  "备库 {application_name}（{client}）于 {peak_at} 落后最多 {peak_lag_mb} MB WAL，回放延迟最多 "
                  "{peak_replay_lag_s} 秒（阈值 {lag_mb_warning} MB / {replay_lag_s_warning} 秒）；当前 {lag_mb} MB；共 "
                  "{count} 个备库需要处理"),
        "logical_peak": T("Logical replication consumer {application_name} ({client}, slot {slot_name}) had up to "
                          "{peak_lag_mb} MB of WAL unconfirmed at {peak_at} (threshold {lag_mb_warning} MB); {lag_mb} MB "
                          "now; {count} sender(s) need attention",
                          "逻辑复制消费者 {application_name}（{client}，复制槽 {slot_name}）于 {peak_at} 最多有 {peak_lag_mb} "
                          "MB WAL 未确认（阈值 {lag_mb_warning} MB）；当前 {lag_mb} MB；共 {count} 个发送进程需要处理"),
        "window.ok": T("{standbys} standby(s) streaming, none lagging beyond {lag_mb_warning} MB / {replay_lag_s_warning} "
                       "s now nor at its highest in the window ({window_since} to {window_until} from snapshots, "
                       "{coverage_pct}% of the window), no expected standby missing; {logical} logical replication "
                       "sender(s)",
                       "{standbys} 个备库正在流复制，当前及窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 "
                       "{coverage_pct}%）最高延迟均未超过 {lag_mb_warning} MB / {replay_lag_s_warning} 秒，没有缺失的预期备库；"
                       "另有 {logical} 个逻辑复制发送进程"),
        "window.peak": T("Standby {application_name} ({client}) lagged up to {peak_lag_mb} MB of WAL at {peak_at}, inside "
                         "the window ({window_since} to {window_until} from snapshots, {coverage_pct}% of the window), "
                         "replay delay up to {peak_replay_lag_s} s there (thresholds {lag_mb_warning} MB / "
                         "{replay_lag_s_warning} s); {lag_mb} MB now; {count} standby(s) need attention",
                         "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）备库 {application_name}"
                         "（{client}）于 {peak_at} 落后最多 {peak_lag_mb} MB WAL，回放延迟最多 {peak_replay_lag_s} 秒（阈值 "
                         "{lag_mb_warning} MB / {replay_lag_s_warning} 秒）；当前 {lag_mb} MB；共 {count} 个备库需要处理"),
        "window.logical_peak": T("Logical replication consumer {application_name} ({client}, slot {slot_name}) had up to "
                                 "{peak_lag_mb} MB of WAL unconfirmed at {peak_at}, inside the window ({window_since} to "
                                 "{window_until} from snapshots, {coverage_pct}% of the window; threshold "
                                 "{lag_mb_warning} MB); {lag_mb} MB now; {count} sender(s) need attention",
                                 "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）逻辑复制消费者 "
                                 "{application_name}（{client}，复制槽 {slot_name}）于 {peak_at} 最多有 {peak_lag_mb} MB WAL "
                                 "未确认（阈值 {lag_mb_warning} MB）；当前 {lag_mb} MB；共 {count} 个发送进程需要处理"),
    },
    remediation=RemediationSpec(
        text=T("A missing standby: start it or read its log (authentication, primary_conninfo, WAL already removed on "
               "the primary); drop the physical slot or remove the name from synchronous_standby_names / the inventory "
               "if the standby was retired. A lagging one: network throughput, disk I/O on the standby, long queries there "
               "delaying replay (max_standby_streaming_delay, hot_standby_feedback). A lagging synchronous standby slows "
               "every commit on the primary. A standby delayed on purpose (recovery_min_apply_delay) is acknowledged "
               "per standby.",
               "备库缺失：启动该备库或查看其日志（认证失败、primary_conninfo 配置、主库已删除所需 WAL）；若该备库已下线，"
               "删除其物理复制槽，或从 synchronous_standby_names / 清单中移除其名称。备库延迟：检查网络带宽、备库磁盘 I/O、"
               "备库上拖慢回放的长查询（max_standby_streaming_delay、hot_standby_feedback）。同步备库延迟会拖慢主库的每一次提交。"
               "有意延迟回放的备库（recovery_min_apply_delay）按备库确认（acknowledge）即可。"),
        commands={
            "postgresql": ["SELECT application_name, client_addr, state, sync_state, write_lag, flush_lag, replay_lag, "
                           "pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)) FROM pg_stat_replication;",
                           "SELECT slot_name, slot_type, active, restart_lsn FROM pg_replication_slots;  SHOW synchronous_standby_names;",
                           "-- on the standby: SELECT now() - pg_last_xact_replay_timestamp(), * FROM pg_stat_wal_receiver;"],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-REPLICATION-VIEW",
                    "https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-SYNCHRONOUS-STANDBY-NAMES"],
    ),
    timeout_s=5,
)
