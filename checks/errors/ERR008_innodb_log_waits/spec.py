from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR008",
    name="innodb_log_waits",
    title=T("Transactions waiting for the InnoDB redo log buffer", "事务等待 InnoDB 重做日志缓冲区"),
    category="errors",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("log_waits", "log_writes", "waits_pct", "innodb_log_buffer_size", "since"),
    thresholds=(
        Threshold(name="log_waits", unit="waits", warning=1, critical=1000, direction="above",
                  rationale="MySQLTuner flags any Innodb_log_waits > 0, BlueKing alarms on 'InnoDB log waits' (catalog "
                            "MY-ERR-06); 1000 since start = redo buffer persistently too small"),
    ),
    judge=each_row("log_waits", "log_waits"),
    messages={
        "ok": T("{log_waits} redo log buffer waits since server start {since} ({log_writes} log writes; not a window delta)",
                "自实例启动 {since} 以来重做日志缓冲区等待 {log_waits} 次（日志写入 {log_writes} 次；非窗口内增量）"),
        "problem": T("transactions waited {log_waits} times for a full redo log buffer since server start {since} "
                     "({waits_pct}% of {log_writes} log writes, innodb_log_buffer_size {innodb_log_buffer_size} bytes; "
                     "threshold {log_waits_warning}; not a window delta)",
                     "自实例启动 {since} 以来事务因重做日志缓冲区满等待 {log_waits} 次（占 {log_writes} 次日志写入的 "
                     "{waits_pct}%，innodb_log_buffer_size {innodb_log_buffer_size} 字节；阈值 {log_waits_warning}；非窗口内增量）"),
    },
    remediation=RemediationSpec(
        text=T("Raise innodb_log_buffer_size (e.g. 64–256 MB; dynamic in MariaDB 10.11 and MySQL 8) and look for very "
               "large transactions (bulk loads, big BLOB writes) that fill the buffer.",
               "调大 innodb_log_buffer_size（如 64–256 MB；MariaDB 10.11 与 MySQL 8 可在线修改），"
               "并排查写满缓冲区的大事务（批量导入、大 BLOB 写入）。"),
        commands={
            "mysql": [
                "SHOW GLOBAL STATUS LIKE 'Innodb_log_wa%';",
                "SET GLOBAL innodb_log_buffer_size = 67108864;  -- 64 MB; also put it in my.cnf",
            ],
        },
        references=["https://mariadb.com/kb/en/innodb-system-variables/#innodb_log_buffer_size",
                    "https://dev.mysql.com/doc/refman/8.0/en/innodb-parameters.html#sysvar_innodb_log_buffer_size"],
    ),
    timeout_s=5,
)
