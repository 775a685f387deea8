from checks.logs import COLUMNS, Counted, judge, max_read_threshold, messages
from checks.logs.postgresql import PRIVILEGE
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR015",
    name="fatal_errors_logged",
    title=T("FATAL / PANIC errors and crashes in the server log inside the window", "窗口内服务器日志中的 FATAL/PANIC 错误与崩溃"),
    category="errors",
    tier="daily",
    engines={
        # the server log read through SQL (checks/logs/postgresql.py): pg_ls_logdir + pg_read_binary_file
        "postgresql": EngineSupport(min_version="11", privilege=PRIVILEGE),
        # performance_schema.error_log (8.0.22+), a ring buffer of the latest error log events
        "mysql": EngineSupport(min_version="8.0.22", privilege="SELECT ON performance_schema.error_log",
                               requires=("performance_schema",)),
        # the @@log_error file where dbpatrol runs (checks/logs/mariadb.py): no grant beyond logging in
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=COLUMNS,
    basis="window",
    thresholds=(
        Threshold(name="errors", unit="lines", warning=1, critical=100, direction="above",
                  rationale="every FATAL (PostgreSQL: a session ended by an error) or [ERROR] line (MySQL/MariaDB) "
                            "in the window is reported: BlueKing mysql-err-critical alarms on each [ERROR] line, "
                            "pgwatch server_log_event_counts counts them by severity (catalog MY-ERR-01, PG-ERR-01); "
                            "100 in a day is a flood (ours)"),
        Threshold(name="crashes", unit="lines", warning=1, critical=1, direction="above",
                  rationale="a PANIC, or a server process terminated by a signal (mysqld got signal), resets every "
                            "session and runs crash recovery: critical at the first (MySQLTuner 'last start and "
                            "shutdown', catalog MY-ERR-02)"),
        Threshold(name="ignored_codes", unit="SQLSTATE / error code", kind="list", value=("28000", "28P01"),
                  rationale="failed logins are FATAL too (28000 invalid authorization, 28P01 wrong password): "
                            "ERR016 counts them with its own threshold; a site adds codes it accepts (e.g. 57P01 "
                            "'terminating connection due to administrator command' at every planned restart)"),
        max_read_threshold(),
    ),
    judge=judge([Counted("fatal", "errors"), Counted("error", "errors"), Counted("panic", "crashes"),
                 Counted("crash", "crashes")], extra_uses=("max_read_mb",), ignore_codes="ignored_codes"),
    messages=messages("FATAL/PANIC/crash", "FATAL/PANIC/崩溃"),
    remediation=RemediationSpec(
        text=T("Read each line with its DETAIL and STATEMENT (in the evidence): a PANIC or a process killed by a signal "
               "(segfault, the OOM killer: see ERR020) means crash recovery ran — find the cause before it repeats. "
               "FATAL lines end one session: connection limits (53300), a database that does not exist (3D000), "
               "terminated sessions (57P01); fix the client or the setting they name.",
               "结合证据中的 DETAIL 与 STATEMENT 逐条分析：PANIC 或进程被信号终止（段错误、OOM killer，见 ERR020）意味着执行了崩溃恢复，"
               "须在再次发生前查明原因。FATAL 行会终止一个会话：连接数上限（53300）、数据库不存在（3D000）、会话被终止（57P01）等，"
               "按其提示修正客户端或参数。"),
        commands={
            "postgresql": ["SELECT pg_current_logfile();",
                           "grep -E ' (FATAL|PANIC):|terminated by signal' \"$PGDATA/$(psql -Atc 'SELECT pg_current_logfile()')\" | tail -50"],
            "mysql": ["SELECT logged, error_code, subsystem, data FROM performance_schema.error_log "
                      "WHERE prio = 'Error' ORDER BY logged DESC LIMIT 50;"],
            "mariadb": ["grep -E '\\[ERROR\\]|got signal' \"$(mariadb -Nse 'SELECT @@log_error')\" | tail -50"],
        },
        references=["https://www.postgresql.org/docs/current/runtime-config-logging.html",
                    "https://www.postgresql.org/docs/current/errcodes-appendix.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/performance-schema-error-log-table.html",
                    "https://mariadb.com/kb/en/error-log/"],
    ),
    timeout_s=20,
)
