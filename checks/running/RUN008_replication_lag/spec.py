from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _not_streaming(row, ctx):
    if (row.get("state") or "") not in ("streaming", "backup"):
        return Outcome.WARNING, "not_streaming"
    return None


SPEC = CheckSpec(
    code="RUN008",
    name="replication_lag",
    title=T("Standby replication lag (seen from the primary)", "备库复制延迟（主库视角）"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_monitor"),
    },
    columns=("application_name", "client", "state", "sync_state", "lag_mb", "replay_lag_s"),
    thresholds=(
        Threshold(name="lag_mb", unit="MB", warning=50, critical=500, direction="above",
                  rationale="pg-healthcheck replication lag 50/500 MB (PG-RUN-08)"),
        Threshold(name="replay_lag_s", unit="s", warning=120, critical=3600, direction="above",
                  rationale="BlueKing replica delay 120 s warn / 3600 s fatal (MY-RUN-06), applied to PostgreSQL replay_lag"),
    ),
    judge=rows_judge([("lag_mb", "lag_mb"), ("replay_lag_s", "replay_lag_s")], flag=_not_streaming),
    messages={
        "ok": T("{total} standby connection(s), none lagging beyond {lag_mb_warning} MB / {replay_lag_s_warning} s",
                "{total} 个备库连接，均未超过 {lag_mb_warning} MB / {replay_lag_s_warning} 秒的延迟阈值"),
        "problem": T("Standby {application_name} ({client}) lags {lag_mb} MB of WAL, replay delay {replay_lag_s} s "
                     "(thresholds {lag_mb_warning} MB / {replay_lag_s_warning} s); {count} standby(s) lagging",
                     "备库 {application_name}（{client}）落后 {lag_mb} MB WAL，回放延迟 {replay_lag_s} 秒"
                     "（阈值 {lag_mb_warning} MB / {replay_lag_s_warning} 秒）；共 {count} 个备库延迟"),
        "not_streaming": T("Standby {application_name} ({client}) is connected but in state {state}, not streaming",
                           "备库 {application_name}（{client}）已连接，但处于 {state} 状态，未进入流复制"),
    },
    remediation=RemediationSpec(
        text=T("Check the standby: network throughput, disk I/O on the standby, long queries there delaying replay "
               "(max_standby_streaming_delay, hot_standby_feedback) and its log. A lagging synchronous standby slows "
               "every commit on the primary.",
               "检查备库：网络带宽、备库磁盘 I/O、备库上拖慢回放的长查询（max_standby_streaming_delay、"
               "hot_standby_feedback）以及备库日志。同步备库延迟会拖慢主库的每一次提交。"),
        commands={
            "postgresql": ["SELECT application_name, client_addr, state, sync_state, write_lag, flush_lag, replay_lag, "
                           "pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)) FROM pg_stat_replication;",
                           "-- on the standby: SELECT now() - pg_last_xact_replay_timestamp(), * FROM pg_stat_wal_receiver;"],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-REPLICATION-VIEW"],
    ),
    timeout_s=5,
)
