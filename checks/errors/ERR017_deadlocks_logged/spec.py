from checks.logs import COLUMNS, Counted, judge, max_read_threshold, messages
from checks.logs.postgresql import PRIVILEGE
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR017",
    name="deadlocks_logged",
    title=T("Deadlocks in the server log inside the window, with the statements involved",
            "窗口内服务器日志中的死锁（含相关语句）"),
    category="errors",
    tier="daily",
    engines={"postgresql": EngineSupport(min_version="11", privilege=PRIVILEGE)},
    columns=COLUMNS,
    basis="window",
    thresholds=(
        Threshold(name="deadlocks", unit="deadlocks", warning=1, critical=10, direction="above",
                  rationale="as ERR002 (pg-healthcheck G04-004 warns on any deadlock in a window, catalog PG-RUN-07): "
                            "the log also names both processes' statements (DETAIL), which the counter cannot; 10 a day "
                            "is an application pattern, not an accident (ours)"),
        max_read_threshold(),
    ),
    judge=judge([Counted("deadlock", "deadlocks")], extra_uses=("max_read_mb",)),
    messages=messages("deadlock", "死锁"),
    remediation=RemediationSpec(
        text=T("The DETAIL of each line names the processes, the locks they waited for and their statements: make "
               "those transactions take their row and table locks in the same order, keep them short, and retry on "
               "SQLSTATE 40P01 in the application.",
               "每行的 DETAIL 给出了相关进程、等待的锁及其语句：让这些事务按相同顺序获取行锁和表锁、缩短事务，并在应用中对 "
               "SQLSTATE 40P01 重试。"),
        commands={"postgresql": ["grep -A3 -E 'deadlock detected|40P01' \"$PGDATA/$(psql -Atc 'SELECT pg_current_logfile()')\" | tail -60"]},
        references=["https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-DEADLOCKS"],
    ),
    timeout_s=20,
)
