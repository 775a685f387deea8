from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def _judge(rows, th, ctx) -> Verdict:
    row = rows[0] if rows else {}
    params = {"status": row.get("status"), "sender_host": row.get("sender_host"),
              "last_msg_age_s": row.get("last_msg_age_s")}
    if str(row.get("is_standby")).lower() not in ("true", "1", "t"):
        return Verdict(outcome=Outcome.OK, message="primary", params=params, evidence=rows)
    if not row.get("status"):
        return Verdict(outcome=Outcome.CRITICAL, message="no_receiver", params=params, evidence=rows)
    if row["status"] != "streaming":
        return Verdict(outcome=Outcome.CRITICAL, message="not_streaming", params=params, evidence=rows)
    return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows)


SPEC = CheckSpec(
    code="RUN014",
    name="wal_receiver_down",
    title=T("Standby WAL receiver not streaming", "备库 WAL 接收进程未在流复制"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="11", privilege="pg_monitor"),
    },
    columns=("is_standby", "status", "sender_host", "slot_name", "last_msg_age_s"),
    thresholds=(),
    judge=_judge,
    messages={
        "ok": T("WAL receiver streaming from {sender_host} (last message {last_msg_age_s} s ago)",
                "WAL 接收进程正在从 {sender_host} 流式接收（最近一条消息在 {last_msg_age_s} 秒前）"),
        "primary": T("Not a standby: no WAL receiver expected", "非备库：无需 WAL 接收进程"),
        "no_receiver": T("Standby has no WAL receiver: it is not streaming from the primary (pg-healthcheck G15-001)",
                         "备库没有 WAL 接收进程：未从主库流式复制（pg-healthcheck G15-001）"),
        "not_streaming": T("Standby WAL receiver is in state {status}, not streaming (sender {sender_host})",
                           "备库 WAL 接收进程处于 {status} 状态，未在流复制（发送端 {sender_host}）"),
    },
    remediation=RemediationSpec(
        text=T("Read the standby's log for the reason (authentication, primary_conninfo, missing WAL on the primary, "
               "network). A standby that only restores from the archive has no receiver by design; otherwise fix "
               "primary_conninfo / the slot and reload, or rebuild the standby if the WAL it needs is gone.",
               "查看备库日志定位原因（认证失败、primary_conninfo 配置、主库缺少所需 WAL、网络）。仅靠归档恢复的备库本来就没有"
               "接收进程；否则修正 primary_conninfo 或复制槽后重新加载配置，若所需 WAL 已丢失则需重建备库。"),
        commands={
            "postgresql": ["SELECT * FROM pg_stat_wal_receiver;",
                           "SHOW primary_conninfo; SHOW primary_slot_name;",
                           "SELECT now() - pg_last_xact_replay_timestamp() AS replay_delay;"],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-WAL-RECEIVER-VIEW",
                    "https://www.postgresql.org/docs/current/warm-standby.html#STREAMING-REPLICATION"],
    ),
    timeout_s=5,
)
