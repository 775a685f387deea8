from checks.judges import each_row, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec

_rate = each_row("conflicts_per_day", "conflicts_per_day")


@uses("conflicts_per_day", "min_days")
def judge(rows, th, ctx) -> Verdict:
    floor = th["min_days"].value or 0
    rated = []
    for r in rows:
        days, count = num(r.get("days_since")), num(r.get("conflicts"))
        per_day = None if days is None or count is None or max(days, floor) <= 0 else round(count / max(days, floor), 2)
        rated.append({**r, "conflicts_per_day": per_day,
                      "confl_active_logicalslot": "-" if r.get("confl_active_logicalslot") is None
                      else r.get("confl_active_logicalslot")})
    verdict = _rate(rated, th, ctx)
    verdict.params["min_days"] = floor
    return verdict


CONFLICTS = ("confl_snapshot", "confl_lock", "confl_bufferpin", "confl_deadlock", "confl_tablespace")


def window_logicalslot(row) -> dict:
    """Window rows: confl_active_logicalslot exists from 16 on only, so it is not a mapped counter (a row of 15
    would have no window value at all); pg_stat_database.conflicts is the sum of every confl_* of the same
    statistics entry (pg_stat_get_db_conflict_all), so its in-window increase less the other five's is the
    logical-slot one. Before 16 the column stays NULL."""
    if row.get("confl_active_logicalslot") is None:
        return {}
    rest = sum(int(num(row.get(c)) or 0) for c in CONFLICTS)
    return {"confl_active_logicalslot": max(0, int(num(row.get("conflicts")) or 0) - rest)}

SPEC = CheckSpec(
    code="ERR005",
    name="recovery_conflicts",
    title=T("Standby queries cancelled by recovery conflicts", "备库查询因恢复冲突被取消"),
    category="errors",
    tier="daily",
    engines={
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash while the postmaster ran
        # (17+'s pg_stat_reset_shared() stamps the shared views as a crash does, and must not restart the counters)
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", roles=("standby",),
                                    window=WindowSpec(source="pg.database", match=("scope",), derive=window_logicalslot,
                                                      counters={"conflicts": "conflicts",
                                                                **{c: c for c in CONFLICTS}})),
    },
    columns=("scope", "conflicts", "confl_snapshot", "confl_lock", "confl_bufferpin", "confl_deadlock",
             "confl_tablespace", "confl_active_logicalslot", "counters_since", "days_since"),
    object_key=("scope",),
    basis="cumulative",
    thresholds=(
        Threshold(name="conflicts_per_day", unit="cancels/day", warning=1, critical=50, direction="above",
                  rationale="pg-healthcheck G15-003 warns on recovery conflicts (catalog PG-ERR-06); as a daily average "
                            "since the counters started: 1/day warn, 50/day = reporting on the standby is routinely broken"),
        Threshold(name="min_days", unit="days", kind="guard", value=1,
                  rationale="a per-day rate needs a day of counting: younger counters divide by 1 day (the count "
                            "itself), so one cancelled report an hour after the standby started is 1/day, not 24/day"),
    ),
    judge=judge,
    messages={
        "ok": T("recovery conflicts: at most {value} per day in {scope} ({conflicts} since {counters_since}, when these "
                "counters started — the last stats reset or crash)",
                "恢复冲突：{scope} 最多，平均每天 {value} 次（自 {counters_since}（计数起点：最近一次统计重置或实例崩溃）以来 "
                "{conflicts} 次）"),
        "problem": T("{conflicts} standby queries in {scope} cancelled by recovery conflicts since {counters_since} (when "
                     "these counters started — the last stats reset or crash): {value} per day over {days_since} days, "
                     "at least {min_days} (threshold {conflicts_per_day_warning}); snapshot {confl_snapshot}, lock "
                     "{confl_lock}, buffer pin {confl_bufferpin}, deadlock {confl_deadlock}, tablespace "
                     "{confl_tablespace}, invalidated logical slot {confl_active_logicalslot}",
                     "{scope} 自 {counters_since}（计数起点：最近一次统计重置或实例崩溃）以来有 {conflicts} 个备库查询因恢复冲突被取消："
                     "按 {days_since} 天、至少 {min_days} 天计平均每天 {value} 次（阈值 {conflicts_per_day_warning}）；快照 "
                     "{confl_snapshot}，锁 {confl_lock}，缓冲区 pin {confl_bufferpin}，死锁 {confl_deadlock}，表空间 "
                     "{confl_tablespace}，逻辑槽失效 {confl_active_logicalslot}"),
        "window.ok": T("recovery conflicts in the window: at most {value} per day in {scope} ({conflicts} from "
                       "{window_since} to {window_until}, from snapshots covering {coverage_pct}% of the window)",
                       "窗口内恢复冲突：{scope} 最多，平均每天 {value} 次（快照 {window_since} 至 {window_until}，覆盖窗口 "
                       "{coverage_pct}%：{conflicts} 次）"),
        "window.problem": T("{conflicts} standby queries in {scope} cancelled by recovery conflicts in the window "
                            "({window_since} to {window_until} from snapshots, {coverage_pct}% of the window): {value} "
                            "per day over {days_since} days, at least {min_days} (threshold {conflicts_per_day_warning}); "
                            "snapshot {confl_snapshot}, lock {confl_lock}, buffer pin {confl_bufferpin}, deadlock "
                            "{confl_deadlock}, tablespace {confl_tablespace}, invalidated logical slot "
                            "{confl_active_logicalslot}",
                            "窗口内 {scope} 有 {conflicts} 个备库查询因恢复冲突被取消（快照 {window_since} 至 {window_until}，"
                            "覆盖窗口 {coverage_pct}%）：按 {days_since} 天、至少 {min_days} 天计平均每天 {value} 次（阈值 "
                            "{conflicts_per_day_warning}）；快照 {confl_snapshot}，锁 {confl_lock}，缓冲区 pin "
                            "{confl_bufferpin}，死锁 {confl_deadlock}，表空间 {confl_tablespace}，逻辑槽失效 "
                            "{confl_active_logicalslot}"),
    },
    remediation=RemediationSpec(
        text=T("Snapshot conflicts: enable hot_standby_feedback (costs bloat on the primary) or raise "
               "max_standby_streaming_delay for reporting standbys; lock conflicts usually come from VACUUM truncation "
               "or DDL on the primary (vacuum_truncate = off on hot tables).",
               "快照冲突：开启 hot_standby_feedback（会增加主库膨胀），或为报表备库调大 max_standby_streaming_delay；"
               "锁冲突通常来自主库 VACUUM 截断或 DDL（可对热点表设置 vacuum_truncate = off）。"),
        commands={
            "postgresql": [
                "SELECT * FROM pg_stat_database_conflicts WHERE datname = current_database();",
                "ALTER SYSTEM SET hot_standby_feedback = on; SELECT pg_reload_conf();  -- on the standby",
                "ALTER SYSTEM SET max_standby_streaming_delay = '5min'; SELECT pg_reload_conf();",
            ],
        },
        references=["https://www.postgresql.org/docs/current/hot-standby.html#HOT-STANDBY-CONFLICT",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-CONFLICTS-VIEW"],
    ),
    timeout_s=5,
)
