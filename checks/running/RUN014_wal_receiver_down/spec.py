from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("silent_s")
def _judge(rows, th, ctx) -> Verdict:
    row = rows[0] if rows else {}
    params = {"status": row.get("status"), "sender_host": row.get("sender_host"),
              "last_msg_age_s": row.get("last_msg_age_s"), "ping_after_s": row.get("ping_after_s"),
              "silent_s": row.get("silent_s")}
    if not row.get("status"):
        if str(row.get("conninfo_set")).lower() in ("false", "0", "f"):
            # primary_conninfo empty: a standby restoring from the archive only (acknowledge it when by design)
            return Verdict(outcome=Outcome.WARNING, message="no_conninfo", params=params, evidence=rows)
        return Verdict(outcome=Outcome.CRITICAL, message="no_receiver", params=params, evidence=rows)
    if row["status"] != "streaming":
        return Verdict(outcome=Outcome.CRITICAL, message="not_streaming", params=params, evidence=rows)
    if num(row.get("silent_s")) is None:  # wal_receiver_timeout = 0: no ping, silence says nothing
        return Verdict(outcome=Outcome.OK, message="ok_unjudged", params=params, evidence=rows)
    outcome = th["silent_s"].classify(num(row.get("silent_s")))
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
    columns=("status", "sender_host", "slot_name", "last_msg_age_s", "ping_after_s", "silent_s", "conninfo_set"),
    thresholds=(
        Threshold(name="silent_s", unit="s beyond wal_receiver_timeout / 2", warning=15, critical=90, direction="above",
                  rationale="not streaming = crit (pg-healthcheck G15-001, PG-RUN-10; it also warns after 300 s without a "
                            "message); a healthy idle link is quiet for up to wal_receiver_timeout / 2, when the "
                            "receiver pings and the sender answers (measured: 0-30 s at the default 60 s), so the "
                            "silence is judged beyond that: at the default 45 s / 120 s of silence, and a raised "
                            "wal_receiver_timeout (WAN DR links) no longer reads as a stall (review RUN014)"),
    ),
    judge=_judge,
    messages={
        "ok": T("WAL receiver streaming from {sender_host} (last message {last_msg_age_s} s ago; the receiver pings after "
                "{ping_after_s} s of silence, threshold {silent_s_warning} s beyond that)",
                "WAL 接收进程正在从 {sender_host} 流式接收（最近一条消息在 {last_msg_age_s} 秒前；静默 {ping_after_s} 秒后接收端会主动探测，"
                "超出该时间 {silent_s_warning} 秒为阈值）"),
        "ok_unjudged": T("WAL receiver streaming from {sender_host} (last message {last_msg_age_s} s ago); wal_receiver_timeout "
                         "is 0, so the receiver never pings and a stalled sender cannot be told from an idle primary",
                         "WAL 接收进程正在从 {sender_host} 流式接收（最近一条消息在 {last_msg_age_s} 秒前）；wal_receiver_timeout "
                         "为 0，接收端从不主动探测，无法区分发送端停滞与主库空闲"),
        "stalled": T("WAL receiver is 'streaming' from {sender_host} but has heard nothing for {last_msg_age_s} s, {silent_s} s "
                     "past its own ping after {ping_after_s} s (threshold {silent_s_warning} s): the connection or the "
                     "sender is stalled",
                     "WAL 接收进程显示正在从 {sender_host} 流复制，但已 {last_msg_age_s} 秒未收到任何消息，比其 {ping_after_s} 秒后的"
                     "主动探测又多出 {silent_s} 秒（阈值 {silent_s_warning} 秒）：连接或发送端已停滞"),
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
