from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome


def _active(row) -> bool:
    return str(row.get("active")).lower() in ("true", "1", "t")


@uses("retained_mb", "inactive_s")
def _judge(rows, th, ctx) -> Verdict:
    def slot_state(row, ctx):
        state = None if row.get("dropped") else _now_state(row)
        if row.get("peak_at") is not None:  # a window row: the most WAL the slot held in the snapshots
            peak = th["retained_mb"].classify(num(row.get("peak_retained_mb")))
            if peak is not Outcome.OK and (state is None or peak.rank > state[0].rank):
                return peak, "peak_dropped" if row.get("dropped") else "peak"
        return state

    def _now_state(row):
        status = row.get("wal_status")
        if status in ("lost", "unreserved"):
            return Outcome.CRITICAL, "lost"
        if not _active(row):
            inactive_s = num(row.get("inactive_s"))
            if inactive_s is None:  # before PostgreSQL 17 nothing says since when
                return Outcome.WARNING, "inactive_unknown"
            outcome = th["inactive_s"].classify(inactive_s)
            if outcome is not Outcome.OK:
                return outcome, "inactive"
        if status == "extended":
            return Outcome.WARNING, "problem"
        return None

    return rows_judge([("retained_mb", "retained_mb")], flag=slot_state, extra_uses=("inactive_s",))(rows, th, ctx)


def window_dropped(row) -> dict:
    """Window rows: a slot the snapshots saw that the check's SQL no longer lists (dropped since) has only its
    window values; it is judged on its peak alone."""
    return {"dropped": row.get("slot_type") is None}


# Over the window: each slot's highest retained WAL in the snapshots (pg.slots, peak_at when), judged with the
# same thresholds beside the state now; a slot dropped since still answers for what it held in the window.
WINDOW = WindowSpec(source="pg.slots", match=("slot_name",), peaks={"peak_retained_mb": "retained_mb"},
                    peak_at="peak_at", derive=window_dropped)


SPEC = CheckSpec(
    code="RUN009",
    name="stale_replication_slots",
    title=T("Inactive replication slots or slots retaining too much WAL", "复制槽失效或保留过多 WAL"),
    category="running",
    tier="daily",
    engines={
        # pg_replication_slots and pg_current_wal_lsn() are open to every role (measured on 15 and 18)
        "postgresql": EngineSupport(min_version="13", privilege="login", window=WINDOW),
    },
    columns=("slot_name", "slot_type", "database", "active", "wal_status", "retained_mb", "safe_wal_size_mb",
             "inactive_s"),
    object_key=("slot_name",),
    thresholds=(
        Threshold(name="retained_mb", unit="MB", warning=5120, critical=20480, direction="above",
                  rationale="pg-healthcheck retained WAL 5/20 GB (PG-RUN-09); any inactive slot (PgHero, pgwatch) and "
                            "wal_status extended = retained > max_wal_size (PMM stale_replication_slot) warn regardless"),
        Threshold(name="inactive_s", unit="s", warning=300, critical=None, direction="above",
                  rationale="any inactive slot (PgHero, pgwatch; PG-RUN-09), judged as a duration so that a consumer "
                            "restarting for seconds does not trip it (review RUN009); PostgreSQL 17+ only (inactive_since)"),
    ),
    judge=_judge,
    messages={
        "ok": T("{total} replication slot(s): none lost, none without a consumer for more than {inactive_s_warning} s, "
                "all retaining less than {retained_mb_warning} MB of WAL",
                "共 {total} 个复制槽：无 lost 状态，无超过 {inactive_s_warning} 秒没有消费者的复制槽，保留 WAL 均少于 "
                "{retained_mb_warning} MB"),
        "problem": T("Slot {slot_name} retains {retained_mb} MB of WAL (wal_status {wal_status}, threshold "
                     "{retained_mb_warning} MB); {count} slot(s) need attention",
                     "复制槽 {slot_name} 保留了 {retained_mb} MB WAL（wal_status 为 {wal_status}，阈值 "
                     "{retained_mb_warning} MB）；共 {count} 个复制槽需要处理"),
        "inactive": T("Slot {slot_name} ({slot_type}) has had no consumer for {inactive_s} s (threshold "
                      "{inactive_s_warning} s) and retains {retained_mb} MB of WAL; {count} slot(s) need attention",
                      "复制槽 {slot_name}（{slot_type}）已 {inactive_s} 秒没有消费者连接（阈值 {inactive_s_warning} 秒），"
                      "保留了 {retained_mb} MB WAL；共 {count} 个复制槽需要处理"),
        "inactive_unknown": T("Slot {slot_name} ({slot_type}) has no consumer attached and retains {retained_mb} MB of "
                              "WAL (since when is not recorded before PostgreSQL 17); {count} slot(s) need attention",
                              "复制槽 {slot_name}（{slot_type}）没有消费者连接，已保留 {retained_mb} MB WAL"
                              "（PostgreSQL 17 之前不记录其失效时长）；共 {count} 个复制槽需要处理"),
        "lost": T("Slot {slot_name} has wal_status {wal_status}: the WAL its consumer needs is (about to be) removed",
                  "复制槽 {slot_name} 的 wal_status 为 {wal_status}：其消费者所需的 WAL 已被（或即将被）删除"),
        # chosen for window rows only (sampled peaks): window.peak / window.peak_dropped
        "peak": T("Slot {slot_name} retained up to {peak_retained_mb} MB of WAL at {peak_at} (threshold "
                  "{retained_mb_warning} MB); {retained_mb} MB now; {count} slot(s) need attention",
                  "复制槽 {slot_name} 于 {peak_at} 最多保留了 {peak_retained_mb} MB WAL（阈值 {retained_mb_warning} MB）；"
                  "当前 {retained_mb} MB；共 {count} 个复制槽需要处理"),
        "peak_dropped": T("Slot {slot_name}, dropped since, retained up to {peak_retained_mb} MB of WAL at {peak_at} "
                          "(threshold {retained_mb_warning} MB); {count} slot(s) need attention",
                          "复制槽 {slot_name}（此后已删除）于 {peak_at} 最多保留了 {peak_retained_mb} MB WAL（阈值 "
                          "{retained_mb_warning} MB）；共 {count} 个复制槽需要处理"),
        "window.ok": T("{total} replication slot(s): none lost, none without a consumer for more than "
                       "{inactive_s_warning} s, all retaining less than {retained_mb_warning} MB of WAL now and at their "
                       "highest in the window ({window_since} to {window_until} from snapshots, {coverage_pct}% of the "
                       "window)",
                       "共 {total} 个复制槽：无 lost 状态，无超过 {inactive_s_warning} 秒没有消费者的复制槽，当前及窗口内（快照 "
                       "{window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）最多保留的 WAL 均少于 "
                       "{retained_mb_warning} MB"),
        "window.peak": T("Slot {slot_name} retained up to {peak_retained_mb} MB of WAL at {peak_at}, inside the window "
                         "({window_since} to {window_until} from snapshots, {coverage_pct}% of the window; threshold "
                         "{retained_mb_warning} MB); {retained_mb} MB now; {count} slot(s) need attention",
                         "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）复制槽 {slot_name} 于 "
                         "{peak_at} 最多保留了 {peak_retained_mb} MB WAL（阈值 {retained_mb_warning} MB）；当前 "
                         "{retained_mb} MB；共 {count} 个复制槽需要处理"),
        "window.peak_dropped": T("Slot {slot_name}, dropped since, retained up to {peak_retained_mb} MB of WAL at "
                                 "{peak_at}, inside the window ({window_since} to {window_until} from snapshots, "
                                 "{coverage_pct}% of the window; threshold {retained_mb_warning} MB); {count} slot(s) "
                                 "need attention",
                                 "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）复制槽 {slot_name}"
                                 "（此后已删除）于 {peak_at} 最多保留了 {peak_retained_mb} MB WAL（阈值 {retained_mb_warning} "
                                 "MB）；共 {count} 个复制槽需要处理"),
    },
    remediation=RemediationSpec(
        text=T("An unused slot keeps WAL (and for logical slots, catalog rows) forever and can fill the disk. "
               "Reconnect its consumer or drop the slot if the consumer is gone; cap retention with "
               "max_slot_wal_keep_size. A lost slot's standby must be rebuilt.",
               "无人使用的复制槽会一直保留 WAL（逻辑复制槽还会保留系统表旧版本），可能撑满磁盘。"
               "恢复其消费者连接，或在消费者已废弃时删除该槽；用 max_slot_wal_keep_size 限制保留量。"
               "状态为 lost 的槽对应的备库需要重建。"),
        commands={
            "postgresql": ["SELECT slot_name, slot_type, active, wal_status, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), "
                           "restart_lsn)) FROM pg_replication_slots;",
                           "SELECT pg_drop_replication_slot('<slot_name>');",
                           "ALTER SYSTEM SET max_slot_wal_keep_size = '20GB'; SELECT pg_reload_conf();"],
        },
        references=["https://www.postgresql.org/docs/current/view-pg-replication-slots.html",
                    "https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-MAX-SLOT-WAL-KEEP-SIZE"],
    ),
    timeout_s=5,
)
