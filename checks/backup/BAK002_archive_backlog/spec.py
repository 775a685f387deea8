from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict

_rate = rows_judge([("ready_mb", "ready_mb"), ("oldest_ready_min", "oldest_ready_min")])


@uses("ready_mb", "oldest_ready_min")
def judge(rows, th, ctx) -> Verdict:
    verdict = _rate(rows, th, ctx)
    if not any(num(r.get("ready_files")) for r in rows):
        verdict.message = "ok_empty"  # nothing waits: there is no oldest segment to age
    return verdict

SPEC = CheckSpec(
    code="BAK002",
    name="archive_backlog",
    title=T("WAL segments waiting to be archived", "待归档的 WAL 段积压"),
    category="backup",
    tier="daily",
    engines={
        # pg_ls_archive_statusdir() needs pg_monitor (PG12+). Without archiving nothing is queued
        # for the archiver: not applicable.
        "postgresql": EngineSupport(min_version="12", privilege="pg_monitor", requires=("archiving",)),
    },
    columns=("archive_mode", "ready_files", "wal_segment_bytes", "ready_mb", "oldest_ready", "oldest_ready_min"),
    thresholds=(
        Threshold(name="ready_mb", unit="MB", warning=1600, critical=8000, direction="above",
                  rationale="pg-healthcheck archive backlog 100/500 .ready files (catalog PG-BAK-02) at the default "
                            "16 MB segment, counted in MB (files x wal_segment_size) so 64 MB or 1 GB segments are "
                            "judged by the WAL they hold"),
        Threshold(name="oldest_ready_min", unit="min", warning=30, critical=120, direction="above",
                  rationale="catalog PG-BAK-02 names counts only (check_postgres `archive_ready` leaves it user-set); "
                            "the oldest waiting segment's age is the recovery point lost if the server died now: "
                            "30 min / 2 h"),
    ),
    judge=judge,
    messages={
        "ok_empty": T("no WAL segment waits for archiving (archive_mode {archive_mode})",
                      "没有等待归档的 WAL 段（archive_mode {archive_mode}）"),
        "ok": T("{ready_files} WAL segments ({ready_mb} MB) wait for archiving; the oldest has waited {oldest_ready_min} min",
                "{ready_files} 个 WAL 段（{ready_mb} MB）等待归档；最早的已等待 {oldest_ready_min} 分钟"),
        "problem": T("{ready_files} WAL segments ({ready_mb} MB at {wal_segment_bytes} bytes per segment; threshold "
                     "{ready_mb_warning} MB) wait for archiving; the oldest has waited {oldest_ready_min} min (since "
                     "{oldest_ready}; threshold {oldest_ready_min_warning} min). The archive lags behind: a restore "
                     "would lose that WAL, and pg_wal keeps growing",
                     "{ready_files} 个 WAL 段（{ready_mb} MB，每段 {wal_segment_bytes} 字节；阈值 {ready_mb_warning} MB）"
                     "等待归档；最早的已等待 {oldest_ready_min} 分钟（自 {oldest_ready} 起；阈值 {oldest_ready_min_warning} "
                     "分钟）。归档落后：恢复时会丢失这些 WAL，且 pg_wal 会持续增长"),
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
