from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _when(v):
    return "never" if v in (None, "") else v


@uses()
def judge(rows, th, ctx) -> Verdict:
    row = dict(rows[0]) if rows else {}
    params = {**row, "last_archived_time": _when(row.get("last_archived_time")),
              "last_failed_time": _when(row.get("last_failed_time")),
              "last_failed_wal": row.get("last_failed_wal") or "-",
              "stats_reset": _when(row.get("stats_reset"))}
    # archive_mode off never reaches the judge: the spec requires "archiving" (not applicable).
    if row.get("failing_now"):
        return Verdict(outcome=Outcome.CRITICAL, message="failing", params=params)
    if row.get("failed_in_window"):
        return Verdict(outcome=Outcome.WARNING, message="failed_in_window", params=params)
    return Verdict(outcome=Outcome.OK, message="ok_reset" if row.get("reset_in_window") else "ok", params=params)


SPEC = CheckSpec(
    code="BAK001",
    name="archiver_failing",
    title=T("WAL archiving failing", "WAL 归档失败"),
    category="backup",
    tier="daily",
    engines={
        # pg_stat_archiver is readable by every role (platform-notes §2). With archiving off the
        # archiver does not run: not applicable (whether it should run is BAK003's question).
        "postgresql": EngineSupport(min_version="10", privilege="login", requires=("archiving",)),
    },
    columns=("archive_mode", "archived_count", "failed_count", "last_archived_wal", "last_archived_time",
             "last_failed_wal", "last_failed_time", "failing_now", "failed_in_window", "stats_reset", "reset_in_window"),
    thresholds=(),  # PMM postgresql_archiver_failing: failing now = critical, failed inside the window = warning
    judge=judge,
    messages={
        "ok": T("WAL archiving works: no failure now, and the newest recorded failure ({last_failed_time}) is not inside "
                "the window ({archived_count} archived, {failed_count} failed since {stats_reset}; last success "
                "{last_archived_time})",
                "WAL 归档正常：当前无失败，最近一次记录的失败（{last_failed_time}）不在巡检窗口内（自 {stats_reset} 起成功 "
                "{archived_count} 次、失败 {failed_count} 次；最近成功 {last_archived_time}）"),
        "ok_reset": T("WAL archiving works now ({archived_count} archived, {failed_count} failed, last success "
                      "{last_archived_time}), but pg_stat_archiver was reset at {stats_reset}, inside the window (a crash "
                      "or pg_stat_reset_shared): failures before that are unknown",
                      "WAL 归档当前正常（成功 {archived_count} 次、失败 {failed_count} 次，最近成功 {last_archived_time}），"
                      "但 pg_stat_archiver 在窗口内的 {stats_reset} 被重置（实例崩溃或 pg_stat_reset_shared）：此前的失败无从得知"),
        "failing": T("WAL archiving is failing now: last failure {last_failed_time} ({last_failed_wal}) is after the last "
                     "success {last_archived_time}; {failed_count} failures since {stats_reset}. WAL piles up in pg_wal "
                     "and point-in-time recovery stops at the last archived segment",
                     "WAL 归档当前处于失败状态：最近一次失败 {last_failed_time}（{last_failed_wal}）晚于最近一次成功 "
                     "{last_archived_time}；自 {stats_reset} 起累计失败 {failed_count} 次。WAL 会在 pg_wal 中堆积，"
                     "时间点恢复（PITR）只能恢复到最后一个已归档段"),
        "failed_in_window": T("WAL archiving failed inside the window (newest failure {last_failed_time}, {last_failed_wal}; "
                              "pg_stat_archiver keeps only the newest) but has succeeded since (last success "
                              "{last_archived_time}); {failed_count} failures since {stats_reset}",
                              "巡检窗口内发生过 WAL 归档失败（最近一次失败 {last_failed_time}，{last_failed_wal}；"
                              "pg_stat_archiver 只记录最近一次），之后已恢复成功（最近成功 {last_archived_time}）；"
                              "自 {stats_reset} 起累计失败 {failed_count} 次"),
    },
    remediation=RemediationSpec(
        text=T("Read the server log for the archive_command / archive_library error (permissions, full or unreachable "
               "archive target, wrong path), fix it and watch last_archived_time move; the archiver retries the same "
               "segment until it succeeds. Check free space in pg_wal while it is failing.",
               "在数据库日志中查找 archive_command / archive_library 的报错（权限、归档目标空间满或不可达、路径错误），"
               "修复后确认 last_archived_time 继续前进；归档进程会一直重试同一个段直到成功。失败期间注意 pg_wal 所在磁盘的剩余空间。"),
        commands={
            "postgresql": [
                "SELECT * FROM pg_stat_archiver;",
                "SHOW archive_command;  -- or SHOW archive_library;",
                "SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready';",
                "grep -i 'archive' /var/log/postgresql/postgresql-*-main.log | tail -50",
            ],
        },
        references=["https://www.postgresql.org/docs/current/continuous-archiving.html",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ARCHIVER-VIEW"],
    ),
    timeout_s=5,
    basis="window",
)
