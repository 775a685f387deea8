from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="BAK002",
    name="archive_backlog",
    title=T("WAL segments waiting to be archived", "待归档的 WAL 段积压"),
    category="backup",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="12", privilege="pg_monitor"),
    },
    columns=("archive_mode", "ready_files", "oldest_ready", "oldest_ready_min"),
    thresholds=(
        Threshold(name="ready_files", unit="files", warning=100, critical=500, direction="above",
                  rationale="pg-healthcheck archive backlog 100/500 .ready files (catalog PG-BAK-02); "
                            "check_postgres `archive_ready` leaves it user-set"),
    ),
    judge=each_row("ready_files", "ready_files"),
    messages={
        "ok": T("{ready_files} WAL segments wait for archiving (archive_mode {archive_mode})",
                "{ready_files} 个 WAL 段等待归档（archive_mode {archive_mode}）"),
        "problem": T("{ready_files} WAL segments wait for archiving (threshold {ready_files_warning}); the oldest has "
                     "waited {oldest_ready_min} min (since {oldest_ready}). The archive lags behind, so a restore "
                     "would lose those segments, and pg_wal keeps growing",
                     "{ready_files} 个 WAL 段等待归档（阈值 {ready_files_warning}）；最早的已等待 {oldest_ready_min} 分钟"
                     "（自 {oldest_ready} 起）。归档落后，恢复时会丢失这些段，且 pg_wal 会持续增长"),
    },
    remediation=RemediationSpec(
        text=T("A growing backlog means archive_command is failing (see BAK001) or too slow for the WAL rate: fix the "
               "failure, or make archiving faster (parallel/asynchronous archiving in pgBackRest or WAL-G, a faster "
               "archive target). Never delete .ready files or WAL segments by hand.",
               "积压增长说明 archive_command 在失败（见 BAK001）或速度跟不上 WAL 产生速度：先修复失败，或提升归档速度"
               "（pgBackRest / WAL-G 的并行、异步归档，更快的归档存储）。切勿手工删除 .ready 文件或 WAL 段。"),
        commands={
            "postgresql": [
                "SELECT count(*), min(modification) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready';",
                "SELECT * FROM pg_stat_archiver;",
                "SELECT pg_size_pretty(sum(size)) FROM pg_ls_waldir();",
            ],
        },
        references=["https://www.postgresql.org/docs/current/continuous-archiving.html",
                    "https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-GENFILE"],
    ),
    timeout_s=10,
)
