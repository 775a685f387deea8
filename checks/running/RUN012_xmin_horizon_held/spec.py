from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict

_rows = rows_judge([("xmin_age", "xmin_age"), ("held_s", "held_s")])


@uses("xmin_age", "held_s")
def _judge(rows, th, ctx) -> Verdict:
    v = _rows(rows, th, ctx)
    if v.message == "problem" and v.params.get("held_s") is None:
        v.message = "problem_untimed"  # a slot or a walsender's standby feedback: no start time to show
    return v

SPEC = CheckSpec(
    code="RUN012",
    name="xmin_horizon_held",
    title=T("Old xmin horizon holders (vacuum cannot clean up)", "xmin 水位被拖住（vacuum 无法清理）"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats"),
    },
    columns=("holder_type", "holder", "user_name", "database_name", "xmin_age", "held_s", "detail"),
    object_key=("holder_type", "holder"),
    thresholds=(
        Threshold(name="xmin_age", unit="transactions", warning=100000, critical=1000000, direction="above",
                  rationale="pgwatch 'oldest snapshot XID age' 10 k/100 k (PG-RUN-13, postgres_ai F009); a daily "
                            "snapshot of a busy primary sees 10 k routinely, so warn at pgwatch's red 100 k, critical 10× later"),
        Threshold(name="held_s", unit="s", warning=1800, critical=3600, direction="above",
                  rationale="XID age grows with the write rate, so a quiet server's horizon can be held for hours at a few "
                            "XIDs (review RUN012); time held judged like long transactions: BlueKing alarms at 3600 s "
                            "(MY-RUN-09), warn at half"),
    ),
    judge=_judge,
    messages={
        "ok": T("No xmin holder older than {xmin_age_warning} transactions or held longer than {held_s_warning} s "
                "({total} holder(s) now)",
                "没有超过 {xmin_age_warning} 个事务或持有超过 {held_s_warning} 秒的 xmin 持有者（当前持有者 {total} 个）"),
        "problem": T("{holder_type} {holder} ({user_name}, {database_name}) holds the xmin horizon {xmin_age} "
                     "transactions back for {held_s} s ({detail}; thresholds {xmin_age_warning} transactions / "
                     "{held_s_warning} s); {count} holder(s)",
                     "{holder_type} {holder}（{user_name}，{database_name}）将 xmin 水位拖后 {xmin_age} 个事务，已持续 "
                     "{held_s} 秒（{detail}；阈值 {xmin_age_warning} 个事务 / {held_s_warning} 秒）；共 {count} 个持有者"),
        "problem_untimed": T("{holder_type} {holder} ({database_name}) holds the xmin horizon {xmin_age} transactions "
                             "back ({detail}; threshold {xmin_age_warning}); {count} holder(s)",
                             "{holder_type} {holder}（{database_name}）将 xmin 水位拖后 {xmin_age} 个事务（{detail}；"
                             "阈值 {xmin_age_warning}）；共 {count} 个持有者"),
    },
    remediation=RemediationSpec(
        text=T("Remove the holder: end the long or idle transaction, drop or reconnect the stale replication slot, "
               "COMMIT/ROLLBACK PREPARED the orphaned prepared transaction, or look at the standby's long queries when "
               "hot_standby_feedback is on. Until then dead rows accumulate (bloat) and freezing stalls.",
               "清除持有者：结束长事务或空闲事务，删除或恢复失效的复制槽，对遗留的两阶段事务执行 COMMIT/ROLLBACK PREPARED；"
               "若开启了 hot_standby_feedback，检查备库上的长查询。在此之前死元组会不断累积（膨胀），冻结也会停滞。"),
        commands={
            "postgresql": ["SELECT pid, backend_type, usename, greatest(age(backend_xid), age(backend_xmin)), now() - xact_start, "
                           "state FROM pg_stat_activity WHERE (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL) "
                           "AND pid NOT IN (SELECT pid FROM pg_stat_progress_vacuum) ORDER BY 4 DESC;",
                           "SELECT slot_name, age(xmin), age(catalog_xmin) FROM pg_replication_slots;",
                           "SELECT gid, prepared, age(transaction) FROM pg_prepared_xacts;",
                           "SELECT pg_terminate_backend(<pid>);  -- or ROLLBACK PREPARED '<gid>'; / pg_drop_replication_slot('<slot>')"],
        },
        references=["https://www.postgresql.org/docs/current/routine-vacuuming.html",
                    "https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-HOT-STANDBY-FEEDBACK"],
    ),
    timeout_s=5,
)
