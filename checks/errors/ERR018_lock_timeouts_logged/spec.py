from checks.logs import COLUMNS, Counted, judge, max_read_threshold, messages
from checks.logs.postgresql import PRIVILEGE
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR018",
    name="lock_timeouts_logged",
    title=T("Lock timeouts and long lock waits in the server log inside the window", "窗口内服务器日志中的锁超时与长时间锁等待"),
    category="errors",
    tier="daily",
    engines={"postgresql": EngineSupport(min_version="11", privilege=PRIVILEGE)},
    columns=COLUMNS,
    basis="window",
    thresholds=(
        Threshold(name="lock_timeouts", unit="statements", warning=1, critical=50, direction="above",
                  rationale="a statement cancelled by lock_timeout or a NOWAIT that found the lock taken (SQLSTATE "
                            "55P03) failed for a lock another session held: reported from the first (catalog "
                            "PG-RUN-06 blocking locks, in the window); 50 a day is a lock-ordering problem (ours)"),
        Threshold(name="lock_waits", unit="waits", warning=10, critical=100, direction="above",
                  rationale="log_lock_waits writes a line for each wait longer than deadlock_timeout (1 s by "
                            "default): PMM's postgresql log_lock_waits advisor asks for it to see such waits; a few a "
                            "day are normal under load, 10 warn, 100 critical (ours)"),
        max_read_threshold(),
    ),
    judge=judge([Counted("lock_timeout", "lock_timeouts"), Counted("lock_wait", "lock_waits")],
                extra_uses=("max_read_mb",)),
    messages=messages("lock timeout / long lock wait", "锁超时/长时间锁等待"),
    remediation=RemediationSpec(
        text=T("Each line names the statement that waited (STATEMENT) and, for log_lock_waits, the process holding the "
               "lock: find what holds locks that long (RUN005 shows blocking now), shorten those transactions, and "
               "keep lock_timeout where failing fast is intended. Turn log_lock_waits on to see waits that end "
               "without a timeout.",
               "每行给出了等待的语句（STATEMENT），log_lock_waits 的行还给出持有锁的进程：找出长时间持锁者（RUN005 显示当前的阻塞），"
               "缩短这些事务；在需要快速失败处保留 lock_timeout。开启 log_lock_waits 可看到未超时而结束的等待。"),
        commands={"postgresql": ["ALTER SYSTEM SET log_lock_waits = on; SELECT pg_reload_conf();",
                                 "grep -E '55P03|lock timeout|still waiting for' \"$PGDATA/$(psql -Atc 'SELECT pg_current_logfile()')\" | tail -50"]},
        references=["https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT",
                    "https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-LOCK-WAITS"],
    ),
    timeout_s=20,
)
