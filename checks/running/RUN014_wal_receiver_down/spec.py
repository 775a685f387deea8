from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("last_msg_age_s")
def _judge(rows, th, ctx) -> Verdict:
    row = rows[0] if rows else {}
    params = {"status": row.get("status"), "sender_host": row.get("sender_host"),
              "last_msg_age_s": row.get("last_msg_age_s")}
    if not row.get("status"):
        if str(row.get("conninfo_set")).lower() in ("false", "0", "f"):
            # primary_conninfo empty: a standby restoring from the archive only (acknowledge it when by design)
            return Verdict(outcome=Outcome.WARNING, message="no_conninfo", params=params, evidence=rows)
        return Verdict(outcome=Outcome.CRITICAL, message="no_receiver", params=params, evidence=rows)
    if row["status"] != "streaming":
        return Verdict(outcome=Outcome.CRITICAL, message="not_streaming", params=params, evidence=rows)
    outcome = th["last_msg_age_s"].classify(num(row.get("last_msg_age_s")))
    return Verdict(outcome=outcome, message="stalled" if outcome is not Outcome.OK else "ok", params=params,
                   evidence=rows)


SPEC = CheckSpec(
    code="RUN014",
    name="wal_receiver_down",
    title=T("Standby WAL receiver not streaming", "备库 WAL 接收进程未在流复制"),
    category="running",
    tier="daily",
    engines={
        # primary_conninfo is read with missing_ok: NULL on 11, where it lives in recovery.conf. It is a
        # superuser-only setting (pg_read_all_settings); pg_stat_wal_receiver's columns need pg_read_all_stats.
        "postgresql": EngineSupport(min_version="11", privilege="pg_read_all_stats, pg_read_all_settings",
                                    roles=("standby",)),
    },
    columns=("status", "sender_host", "slot_name", "last_msg_age_s", "conninfo_set"),
    thresholds=(
        Threshold(name="last_msg_age_s", unit="s", warning=45, critical=120, direction="above",
                  rationale="not streaming = crit (pg-healthcheck G15-001, PG-RUN-10); a healthy receiver hears from its "
                            "sender at least every half wal_receiver_timeout (default 60 s: it pings after 30 s of "
                            "silence), so 45 s means the ping went unanswered: a stalled 'streaming' receiver (review "
                            "RUN014); past 120 s the default timeout should have ended it (timeout raised or off)"),
    ),
    judge=_judge,
    messages={
        "ok": T("WAL receiver streaming from {sender_host} (last message {last_msg_age_s} s ago, threshold "
                "{last_msg_age_s_warning} s)",
                "WAL 接收进程正在从 {sender_host} 流式接收（最近一条消息在 {last_msg_age_s} 秒前，阈值 {last_msg_age_s_warning} 秒）"),
        "stalled": T("WAL receiver is 'streaming' from {sender_host} but has heard nothing for {last_msg_age_s} s "
                     "(threshold {last_msg_age_s_warning} s): the connection or the sender is stalled",
                     "WAL 接收进程显示正在从 {sender_host} 流复制，但已 {last_msg_age_s} 秒未收到任何消息"
                     "（阈值 {last_msg_age_s_warning} 秒）：连接或发送端已停滞"),
        "no_receiver": T("Standby has no WAL receiver: it is not streaming from the primary (pg-healthcheck G15-001)",
                         "备库没有 WAL 接收进程：未从主库流式复制（pg-healthcheck G15-001）"),
        "no_conninfo": T("Standby has no WAL receiver and primary_conninfo is empty: it replays only what the archive "
                         "gives it; acknowledge this finding if the standby is archive-only by design",
                         "备库没有 WAL 接收进程且 primary_conninfo 为空：只回放归档中的 WAL；若该备库按设计仅靠归档恢复，请确认（acknowledge）此项"),
        "not_streaming": T("Standby WAL receiver is in state {status}, not streaming (sender {sender_host})",
                           "备库 WAL 接收进程处于 {status} 状态，未在流复制（发送端 {sender_host}）"),
    },
    remediation=RemediationSpec(
        text=T("Read the standby's log for the reason (authentication, primary_conninfo, missing WAL on the primary, "
               "network). Fix primary_conninfo / primary_slot_name and reload (PostgreSQL 13+; a restart before), or "
               "rebuild the standby if the WAL it needs is gone. A stalled receiver: check the network path and the "
               "primary's walsender (pg_stat_replication there); wal_receiver_timeout ends a silent connection.",
               "查看备库日志定位原因（认证失败、primary_conninfo 配置、主库缺少所需 WAL、网络）。修正 primary_conninfo / "
               "primary_slot_name 后重新加载配置（PostgreSQL 13 起支持；更早版本需重启），若所需 WAL 已丢失则需重建备库。"
               "接收进程停滞时检查网络链路和主库的 walsender（主库上的 pg_stat_replication）；wal_receiver_timeout 会断开无响应的连接。"),
        commands={
            "postgresql": ["SELECT * FROM pg_stat_wal_receiver;",
                           "SHOW primary_conninfo; SHOW primary_slot_name;",
                           "SELECT now() - pg_last_xact_replay_timestamp() AS replay_delay;",
                           "SELECT pg_reload_conf();  -- after fixing primary_conninfo (PostgreSQL 13+)"],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-WAL-RECEIVER-VIEW",
                    "https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-WAL-RECEIVER-TIMEOUT"],
    ),
    timeout_s=5,
)
