from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _slot_state(row, ctx):
    status = row.get("wal_status")
    if status in ("lost", "unreserved"):
        return Outcome.CRITICAL, "lost"
    if str(row.get("active")).lower() not in ("true", "1", "t"):
        return Outcome.WARNING, "inactive"
    if status == "extended":
        return Outcome.WARNING, "problem"
    return None


SPEC = CheckSpec(
    code="RUN009",
    name="stale_replication_slots",
    title=T("Inactive replication slots or slots retaining too much WAL", "复制槽失效或保留过多 WAL"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="13", privilege="pg_monitor"),
    },
    columns=("slot_name", "slot_type", "database", "active", "wal_status", "retained_mb", "safe_wal_size_mb"),
    thresholds=(
        Threshold(name="retained_mb", unit="MB", warning=5120, critical=20480, direction="above",
                  rationale="pg-healthcheck retained WAL 5/20 GB (PG-RUN-09); any inactive slot (PgHero, pgwatch) and "
                            "wal_status extended = retained > max_wal_size (PMM stale_replication_slot) warn regardless"),
    ),
    judge=rows_judge([("retained_mb", "retained_mb")], flag=_slot_state),
    messages={
        "ok": T("{total} replication slot(s), all active and retaining less than {retained_mb_warning} MB of WAL",
                "共 {total} 个复制槽，均处于活动状态且保留 WAL 少于 {retained_mb_warning} MB"),
        "problem": T("Slot {slot_name} retains {retained_mb} MB of WAL (wal_status {wal_status}, threshold "
                     "{retained_mb_warning} MB); {count} slot(s) need attention",
                     "复制槽 {slot_name} 保留了 {retained_mb} MB WAL（wal_status 为 {wal_status}，阈值 "
                     "{retained_mb_warning} MB）；共 {count} 个复制槽需要处理"),
        "inactive": T("Slot {slot_name} ({slot_type}) has no consumer attached and retains {retained_mb} MB of WAL; "
                      "{count} slot(s) need attention",
                      "复制槽 {slot_name}（{slot_type}）没有消费者连接，已保留 {retained_mb} MB WAL；共 {count} 个复制槽需要处理"),
        "lost": T("Slot {slot_name} has wal_status {wal_status}: the WAL its consumer needs is (about to be) removed",
                  "复制槽 {slot_name} 的 wal_status 为 {wal_status}：其消费者所需的 WAL 已被（或即将被）删除"),
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
