from checks.backup_tools import AGE_COLUMNS, TYPE_WORDS
from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def hours(h, zh: bool = False) -> str:
    """An age as a DBA reads it: '3.2 h' below two days, else '9.5 days' (zh: 小时 / 天)."""
    v = num(h)
    if v is None:
        return "无" if zh else "none"
    if v < 48:
        return f"{v:.1f} 小时" if zh else f"{v:.1f} h"
    return f"{v / 24:.1f} 天" if zh else f"{v / 24:.1f} days"


def _kinds(row, zh: bool) -> str:
    return ("，" if zh else ", ").join(f"{TYPE_WORDS[k][1 if zh else 0]} {hours(row.get(f'{k}_age_h'), zh)}"
                                      for k in ("full", "diff", "incr"))


def _rate(row, th):
    if num(row.get("newest_age_h")) is None:
        return Outcome.CRITICAL, "none"
    if num(row.get("full_age_h")) is None:
        return Outcome.CRITICAL, "no_full"
    newest, full = th["backup_age_h"].classify(num(row["newest_age_h"])), th["full_age_h"].classify(num(row["full_age_h"]))
    if newest.rank >= full.rank and newest is not Outcome.OK:
        return newest, "stale"
    if full is not Outcome.OK:
        return full, "full_stale"
    return Outcome.OK, "ok"


@uses("backup_age_h", "full_age_h")
def judge(rows, th, ctx) -> Verdict:
    rated = [(r, *_rate(r, th)) for r in rows]
    rated.sort(key=lambda x: -x[1].rank)
    row, outcome, message = rated[0]
    params = {**row, "newest_age": hours(row.get("newest_age_h")), "newest_age_zh": hours(row.get("newest_age_h"), True),
              "full_age": hours(row.get("full_age_h")), "full_age_zh": hours(row.get("full_age_h"), True),
              "kinds": _kinds(row, False), "kinds_zh": _kinds(row, True),
              "newest_kind": TYPE_WORDS.get(row.get("newest_type"), ("?", "?"))[0],
              "newest_kind_zh": TYPE_WORDS.get(row.get("newest_type"), ("?", "?"))[1],
              "count": sum(1 for _, o, _ in rated if o is not Outcome.OK), "total": len(rows)}
    return Verdict(outcome=outcome, message=message, params=params, evidence=[r for r, _, _ in rated],
                   objects={ctx.object_of(r): o for r, o, _ in rated})


SPEC = CheckSpec(
    code="BAK014",
    name="backup_stale",
    title=T("Newest good backup too old, by the backup tool's own record (pgBackRest, backup history tables)",
            "按备份工具自身记录，最近一次成功备份过旧（pgBackRest、备份历史表）"),
    category="backup",
    tier="daily",
    engines={
        # pgbackrest info --output=json on the database host (checks/backup_tools/pgbackrest.py); the SQL part
        # reads archive_command / restore_command (the stanza) and pg_control_system(): readable by every role
        "postgresql": EngineSupport(min_version="10", privilege="login"),
        # the history tables: SELECT on the table itself, which can be granted only once it exists, so it is not
        # declared; PROCESS lets the collector read the InnoDB dictionary and tell a table that is absent (not
        # applicable) from one the user may not see (SKIPPED missing privilege naming the GRANT) — without it
        # information_schema.TABLES alone cannot (checks/backup_tools/history.py)
        "mysql": EngineSupport(min_version="5.7", privilege="PROCESS"),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=AGE_COLUMNS,
    thresholds=(
        Threshold(name="backup_age_h", unit="hours", warning=26, critical=50, direction="above",
                  rationale="the newest good backup of any type (the newest recovery point a backup gives): pg-healthcheck "
                            "backup_max_age_hours 26 (G02-012 'Last backup age', which rates over it CRITICAL; catalog "
                            "PG-BAK-03, pgwatch backup_age_pgbackrest); a daily backup plus 2 h slack warns, two missed "
                            "daily runs are critical (ours); MY-BAK-01 BlueKing 备份巡检 '集群可用全备' for MySQL"),
        Threshold(name="full_age_h", unit="hours", warning=192, critical=360, direction="above",
                  rationale="the newest good full backup (pg-healthcheck G02-001 'Last full backup age' WARN/CRITICAL): the "
                            "pgBackRest User Guide's schedule is a full every Sunday and a differential the other days, so "
                            "8 days (one weekly full missed) warns and 15 days (two) is critical (ours)"),
    ),
    judge=judge,
    messages={
        "ok": T("{source} ({tool}): newest good backup {newest_label} ({newest_kind}) finished {newest_stop}, {newest_age} "
                "before the window's end; newest by type: {kinds}",
                "{source}（{tool}）：最近一次成功备份 {newest_label}（{newest_kind_zh}）完成于 {newest_stop}，距窗口结束 "
                "{newest_age_zh}；各类型最近一次：{kinds_zh}"),
        "stale": T("{source} ({tool}): the newest good backup {newest_label} ({newest_kind}) finished {newest_stop}, "
                   "{newest_age} before the window's end (threshold {backup_age_h_warning} / {backup_age_h_critical} h): "
                   "a restore now loses everything since, unless WAL/binlog archives cover it; by type: {kinds}",
                   "{source}（{tool}）：最近一次成功备份 {newest_label}（{newest_kind_zh}）完成于 {newest_stop}，距窗口结束已 "
                   "{newest_age_zh}（阈值 {backup_age_h_warning} / {backup_age_h_critical} 小时）：若无 WAL/binlog 归档覆盖，"
                   "此时恢复将丢失此后的全部数据；各类型：{kinds_zh}"),
        "full_stale": T("{source} ({tool}): the newest good full backup {full_label} finished {full_stop}, {full_age} before "
                        "the window's end (threshold {full_age_h_warning} / {full_age_h_critical} h): a restore replays "
                        "every differential/incremental and WAL since; by type: {kinds}",
                        "{source}（{tool}）：最近一次成功全量备份 {full_label} 完成于 {full_stop}，距窗口结束已 {full_age_zh}"
                        "（阈值 {full_age_h_warning} / {full_age_h_critical} 小时）：恢复需回放此后所有差异/增量备份及日志；"
                        "各类型：{kinds_zh}"),
        "none": T("{source} ({tool}): no good backup on record before the window's end ({other_backups} other record(s): "
                  "failed, with errors or partial) — nothing to restore from",
                  "{source}（{tool}）：窗口结束前没有任何成功备份记录（另有 {other_backups} 条失败、有错误或部分备份记录）"
                  "——没有可用于恢复的备份"),
        "no_full": T("{source} ({tool}): no good full backup on record, only {newest_label} ({newest_kind}, {newest_age} "
                     "old): a differential or incremental cannot be restored without its full",
                     "{source}（{tool}）：没有任何成功的全量备份记录，只有 {newest_label}（{newest_kind_zh}，{newest_age_zh}前）："
                     "差异/增量备份离开其全量备份无法恢复"),
    },
    remediation=RemediationSpec(
        text=T("Run a backup now and find why the scheduled one did not run or did not succeed (cron/systemd timer, the "
               "tool's log: BAK015 lists failures the tool recorded). pgBackRest: pgbackrest --stanza=<stanza> backup "
               "(--type=full when the full is old); mariadb-backup / XtraBackup: keep --history so the run is recorded; "
               "MySQL Enterprise Backup records every run in mysql.backup_history.",
               "立即执行一次备份，并查明计划备份为何未运行或未成功（cron/systemd 定时器、工具日志；BAK015 列出工具记录的失败）。"
               "pgBackRest：pgbackrest --stanza=<stanza> backup（全量过旧时加 --type=full）；mariadb-backup / XtraBackup："
               "保留 --history 以记录每次备份；MySQL Enterprise Backup 会把每次运行记入 mysql.backup_history。"),
        commands={
            "postgresql": ["pgbackrest --stanza=<stanza> info", "pgbackrest --stanza=<stanza> --type=full backup"],
            "mariadb": ["SELECT name, incremental, start_time, end_time FROM mysql.mariadb_backup_history "
                        "ORDER BY end_time DESC LIMIT 10;",
                        "mariadb-backup --backup --history=nightly --target-dir=/backup/$(date +%F)"],
            "mysql": ["SELECT backup_id, backup_type, exit_state, end_time FROM mysql.backup_history "
                      "ORDER BY end_time DESC LIMIT 10;",
                      "SELECT name, incremental, end_time FROM PERCONA_SCHEMA.xtrabackup_history ORDER BY end_time DESC LIMIT 10;"],
        },
        references=["https://pgbackrest.org/command.html#command-info",
                    "https://pgbackrest.org/user-guide.html#quickstart/schedule-backup",
                    "https://mariadb.com/kb/en/mariabackup-options/#-history",
                    "https://docs.percona.com/percona-xtrabackup/8.0/store-backup-history.html",
                    "https://dev.mysql.com/doc/mysql-enterprise-backup/8.0/en/trouble.logging.html"],
    ),
    timeout_s=30,
    basis="current",
    object_key=("source",),
)
