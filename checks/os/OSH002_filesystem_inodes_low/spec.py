from checks.host.fs import INODE_COLUMNS, judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="OSH002",
    name="filesystem_inodes_low",
    title=T("Inodes of the filesystems holding the data, WAL / binary log and log directories (over SSH)",
            "数据、WAL/binlog 与日志目录所在文件系统的 inode（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="pg_read_all_settings"),
             "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="SELECT ON V_$DIAG_INFO, SELECT ON V_$PARAMETER", container="any")},
    columns=INODE_COLUMNS,
    object_key=("path",),
    thresholds=(
        Threshold(name="used_pct", unit="%", warning=95, critical=97, direction="above",
                  rationale="node_exporter mixin NodeFilesystemAlmostOutOfFiles: warning at 5 % of inodes left, critical "
                            "at 3 % (prometheus-operator runbooks); the catalog's PG-OS-02 gives no inode level"),
    ),
    judge=judge("used_pct", "inodes", "inode"),
    messages={
        "ok": T("{count} directory(ies) checked; the most used inode table, for {path} ({role}) on {mount}, is {pct}% "
                "used{blind}",
                "已检查 {count} 个目录；inode 使用最多的是 {path}（{role}）所在的 {mount}，已用 {pct}%{blind_zh}"),
        "problem": T("{bad} of {count} directory(ies) on filesystems with at or above {used_pct_warning}% of their "
                     "inodes used: {path} ({role}) on {mount} at {pct}% — no new file can be created there once they "
                     "run out, whatever space is free{blind}",
                     "{count} 个目录中有 {bad} 个所在文件系统 inode 已用 ≥ {used_pct_warning}%：{path}（{role}）位于 "
                     "{mount}，已用 {pct}%——inode 用尽后即使仍有空间也无法创建新文件{blind_zh}"),
        "unknown": T("no directory could be measured ({paths})", "没有可测量的目录（{paths}）"),
    },
    remediation=RemediationSpec(
        text=T("Find what holds the inodes (many small files: old server logs, core or temp files, an application's "
               "files on the same filesystem) and remove it, or move the database to a filesystem made with more inodes "
               "(mkfs -i / -N): the count is fixed when ext4 is made.",
               "找出占用 inode 的内容（大量小文件：旧日志、core 或临时文件、同一文件系统上的应用文件）并清理，或将数据库迁移到"
               "创建时 inode 更多的文件系统（mkfs -i / -N）：ext4 的 inode 数在创建时即固定。"),
        commands={"postgresql": ["df -i <data_directory>", "find <mount> -xdev -type f | cut -d/ -f2-4 | sort | uniq -c | sort -rn | head"],
                  "mysql": ["df -i <datadir>"]},
        references=["https://runbooks.prometheus-operator.dev/runbooks/node/nodefilesystemalmostoutoffiles/"],
    ),
    timeout_s=10,
)
