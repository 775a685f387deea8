from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    row = dict(rows[0]) if rows else {}
    mode = str(row.get("archive_mode") or "").lower()
    if mode == "off":
        if int(row.get("wal_receivers") or 0):
            return Verdict(outcome=Outcome.OK, message="ok_streamed", params=row)
        return Verdict(outcome=Outcome.WARNING, message="off", params=row)
    if not row.get("archive_command_set") and not row.get("archive_library"):
        return Verdict(outcome=Outcome.CRITICAL, message="no_target", params=row)
    target = f"archive_library {row['archive_library']}" if row.get("archive_library") else "archive_command"
    return Verdict(outcome=Outcome.OK, message="ok", params={**row, "target": target})


SPEC = CheckSpec(
    code="BAK003",
    name="archive_disabled",
    title=T("WAL archiving not configured", "未配置 WAL 归档"),
    category="backup",
    tier="daily",
    engines={
        # SHOW archive_mode / archive_command / wal_level work for any role (checked on PG 15); the
        # receivers' state, application_name and replay_lsn in pg_stat_replication need pg_read_all_stats
        # (without it a walsender shows its pid only).
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", roles=("primary",)),
    },
    columns=("archive_mode", "archive_command_set", "archive_library", "wal_level", "wal_receivers", "receivers"),
    thresholds=(),  # pg-healthcheck G02-009: archive_mode off on a primary = warning (catalog PG-BAK-06)
    judge=judge,
    messages={
        "ok": T("WAL archiving is configured (archive_mode {archive_mode}, {target}, wal_level {wal_level})",
                "已配置 WAL 归档（archive_mode {archive_mode}，{target}，wal_level {wal_level}）"),
        "ok_streamed": T("archive_mode is off, but WAL is streamed off the server by {receivers} (pg_receivewal / "
                         "Barman streaming): point-in-time recovery rests on that receiver staying connected",
                         "archive_mode 为 off，但 WAL 由 {receivers} 以流复制方式接收（pg_receivewal / Barman 流式归档）："
                         "时间点恢复依赖该接收端保持连接"),
        "off": T("archive_mode is off on this primary and no WAL receiver (pg_receivewal, Barman streaming) is "
                 "connected: no WAL is kept, so no point-in-time recovery and no pgBackRest/WAL-G/Barman backup "
                 "chain beyond the last base backup",
                 "主库 archive_mode 为 off，且没有 WAL 接收端（pg_receivewal、Barman 流式归档）连接：WAL 未被保留，"
                 "无法做时间点恢复（PITR），pgBackRest/WAL-G/Barman 也只能恢复到最后一次基础备份"),
        "no_target": T("archive_mode is {archive_mode} but neither archive_command nor archive_library is set: "
                       "nothing is archived and WAL segments accumulate in pg_wal until the disk fills",
                       "archive_mode 为 {archive_mode}，但 archive_command 与 archive_library 均未设置：不会归档任何 WAL，"
                       "WAL 段会在 pg_wal 中堆积直至磁盘写满"),
    },
    remediation=RemediationSpec(
        text=T("Enable archiving with your backup tool's command (pgBackRest `archive-push`, WAL-G `wal-push`, Barman "
               "`barman-wal-archive`); archive_mode needs a restart, archive_command only a reload. Streaming WAL with "
               "pg_receivewal or Barman (streaming_archiver, with a replication slot) also keeps it: this check counts "
               "such a receiver while it is connected. If the instance is deliberately without point-in-time "
               "recovery, acknowledge the finding with that reason (dbpatrol ack add BAK003 --instance <name> "
               "--reason '...') so the decision is recorded and reviewed when it expires.",
               "按备份工具的方式开启归档（pgBackRest `archive-push`、WAL-G `wal-push`、Barman `barman-wal-archive`）；"
               "修改 archive_mode 需要重启，修改 archive_command 只需 reload。用 pg_receivewal 或 Barman（streaming_archiver，"
               "配合复制槽）流式接收 WAL 同样可以保留 WAL：接收端连接期间本检查视为已保留。若该实例确实不需要时间点恢复，"
               "请用 dbpatrol ack add BAK003 --instance <实例名> --reason '…' 确认该结果并写明原因，便于到期复核。"),
        commands={
            "postgresql": [
                "ALTER SYSTEM SET archive_mode = on;   -- restart required",
                "ALTER SYSTEM SET archive_command = 'pgbackrest --stanza=main archive-push %p';",
                "SELECT pg_reload_conf();",
                "SELECT * FROM pg_stat_archiver;  -- after the restart: archived_count grows",
                "SELECT application_name, state, replay_lsn FROM pg_stat_replication;  -- a WAL receiver has no replay_lsn",
            ],
        },
        references=["https://www.postgresql.org/docs/current/runtime-config-wal.html#RUNTIME-CONFIG-WAL-ARCHIVING",
                    "https://www.postgresql.org/docs/current/continuous-archiving.html",
                    "https://www.postgresql.org/docs/current/app-pgreceivewal.html"],
    ),
    timeout_s=5,
)
