from checks.logs import COLUMNS, Counted, judge, max_read_threshold, messages
from checks.logs.postgresql import PRIVILEGE
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR021",
    name="io_errors_logged",
    title=T("I/O errors, disk full and data corruption in the server log inside the window",
            "窗口内服务器日志中的 I/O 错误、磁盘已满与数据损坏"),
    category="errors",
    tier="daily",
    engines={"postgresql": EngineSupport(min_version="11", privilege=PRIVILEGE)},
    columns=COLUMNS,
    basis="window",
    thresholds=(
        Threshold(name="io_errors", unit="lines", warning=1, critical=10, direction="above",
                  rationale="SQLSTATE 58030 (an I/O error reading or writing a data file) or 53100 (disk full): the "
                            "storage failed a request — any is a warning, 10 a day critical (ours; catalog PG-ERR-01 "
                            "counts by code)"),
        Threshold(name="corruption", unit="lines", warning=1, critical=1, direction="above",
                  rationale="XX001 data_corrupted (invalid page, checksum mismatch) / XX002 index_corrupted: critical at "
                            "the first, as checksum failures (pg-healthcheck G07-002, catalog PG-ERR-03; ERR001)"),
        max_read_threshold(),
    ),
    judge=judge([Counted("io_error", "io_errors"), Counted("disk_full", "io_errors"),
                 Counted("data_corrupted", "corruption")], extra_uses=("max_read_mb",)),
    messages=messages("I/O error / disk full / corruption", "I/O 错误/磁盘已满/数据损坏"),
    remediation=RemediationSpec(
        text=T("Corruption (XX001/XX002): find the relation the line names, check the storage (SMART, RAID, the "
               "kernel log), run amcheck / pg_checksums offline, and restore the damaged relation from a backup; do "
               "not turn on zero_damaged_pages except to salvage. I/O errors: the kernel log and the storage "
               "controller. Disk full: free or extend the volume (see the size checks) before writes fail again.",
               "数据损坏（XX001/XX002）：找出该行指出的关系，检查存储（SMART、RAID、内核日志），运行 amcheck 或离线 pg_checksums，"
               "并从备份恢复受损关系；除抢救数据外不要开启 zero_damaged_pages。I/O 错误：检查内核日志与存储控制器。磁盘已满："
               "在写入再次失败前释放或扩容卷（参见容量类检查）。"),
        commands={"postgresql": ["dmesg -T | grep -i -E 'I/O error|blk_update_request' | tail -20",
                                 "CREATE EXTENSION IF NOT EXISTS amcheck; SELECT bt_index_check('<index>'::regclass, true);"]},
        references=["https://www.postgresql.org/docs/current/amcheck.html",
                    "https://www.postgresql.org/docs/current/errcodes-appendix.html"],
    ),
    timeout_s=20,
)
