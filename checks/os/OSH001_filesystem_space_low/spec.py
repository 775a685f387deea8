from checks.host.fs import SPACE_COLUMNS, judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="OSH001",
    name="filesystem_space_low",
    title=T("Filesystem space of the data, WAL / binary log and log directories (over SSH)",
            "数据、WAL/binlog 与日志目录所在文件系统的空间（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="pg_read_all_settings"),
             "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="SELECT ON V_$DIAG_INFO, SELECT ON V_$PARAMETER", container="any")},
    columns=SPACE_COLUMNS,
    object_key=("path",),
    thresholds=(
        Threshold(name="used_pct", unit="%", warning=70, critical=90, direction="above",
                  rationale="postgres-checkup A008 disk usage 70 % / 90 % (catalog PG-OS-02); used = df's Use%, "
                            "used / (used + available): the blocks reserved for root do not count as free"),
    ),
    judge=judge("used_pct", "space", "空间"),
    messages={
        "ok": T("{count} directory(ies) checked; the fullest, {path} ({role}), is on {mount} at {pct}% used{blind}",
                "已检查 {count} 个目录；最满的 {path}（{role}）位于 {mount}，已用 {pct}%{blind_zh}"),
        "problem": T("{bad} of {count} directory(ies) on filesystems at or above {used_pct_warning}% used: {path} "
                     "({role}) on {mount} is {pct}% full{blind}",
                     "{count} 个目录中有 {bad} 个所在文件系统已用 ≥ {used_pct_warning}%：{path}（{role}）位于 {mount}，"
                     "已用 {pct}%{blind_zh}"),
        "unknown": T("no directory could be measured ({paths})", "没有可测量的目录（{paths}）"),
    },
    remediation=RemediationSpec(
        text=T("Free or add space before the filesystem fills: a full data or WAL filesystem stops PostgreSQL "
               "(PANIC: could not write to file) and MariaDB/MySQL (writes wait: 'Disk is full writing'). Remove old "
               "server logs and binary logs by their own means (PURGE BINARY LOGS, log rotation), never by deleting WAL "
               "files by hand; check replication slots and archiving that hold WAL back; grow the volume.",
               "在文件系统写满之前清理或扩容：数据或 WAL 所在文件系统写满会使 PostgreSQL 停止（PANIC: could not write to "
               "file），MariaDB/MySQL 写入挂起（'Disk is full writing'）。按各自方式清理旧日志和 binlog（PURGE BINARY LOGS、"
               "日志轮转），切勿手工删除 WAL 文件；检查阻止 WAL 回收的复制槽和归档；扩容卷。"),
        commands={"postgresql": ["df -h <data_directory> <data_directory>/pg_wal",
                                 "SELECT slot_name, wal_status, safe_wal_size FROM pg_replication_slots;"],
                  "mysql": ["df -h <datadir>", "SHOW BINARY LOGS;", "PURGE BINARY LOGS BEFORE NOW() - INTERVAL 7 DAY;"]},
        references=["https://www.postgresql.org/docs/current/disk-full.html"],
    ),
    timeout_s=10,
)
