from checks.judges import num
from checks.logs import COLUMNS, Counted, judge, max_read_threshold, messages, setting
from checks.logs.postgresql import PRIVILEGE
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold


def no_warning(summary, th, ctx):
    """checkpoint_warning = 0: the server is told never to warn, so no line means nothing."""
    v = num(setting(summary, "checkpoint_warning"))
    if v is not None and v <= 0:
        return "not_warned", {}
    return None


SPEC = CheckSpec(
    code="ERR019",
    name="checkpoints_too_frequent",
    title=T("Checkpoints occurring too frequently (server log) inside the window", "窗口内检查点过于频繁（服务器日志）"),
    category="errors",
    tier="daily",
    engines={"postgresql": EngineSupport(min_version="11", privilege=PRIVILEGE)},
    columns=COLUMNS,
    basis="window",
    thresholds=(
        Threshold(name="warnings", unit="warnings", warning=1, critical=10, direction="above",
                  rationale="the checkpointer logs 'checkpoints are occurring too frequently' when a checkpoint forced "
                            "by WAL volume comes within checkpoint_warning (30 s by default) of the previous one, "
                            "which 'suggests that max_wal_size ought to be raised' (PostgreSQL documentation, "
                            "checkpoint_warning; pgwatch requested-checkpoints panel, catalog PG-PERF-04): any is a "
                            "warning, 10 a day critical (ours)"),
        max_read_threshold(),
    ),
    judge=judge([Counted("checkpoint_too_frequent", "warnings")], extra_uses=("max_read_mb",), skip=no_warning),
    messages=messages("'checkpoints are occurring too frequently'", "“检查点过于频繁”警告", {
        "not_warned": T("not applicable: checkpoint_warning = 0, so the server never warns that checkpoints occur too "
                        "frequently (ERR019 reads that warning)",
                        "不适用：checkpoint_warning = 0，服务器从不发出检查点过于频繁的警告（ERR019 读取的正是该警告）"),
    }),
    remediation=RemediationSpec(
        text=T("Checkpoints forced by WAL volume this close together write every dirtied page again and again (and "
               "full-page images after each): raise max_wal_size so checkpoints come from checkpoint_timeout, and "
               "look at what writes that much WAL in the window (bulk loads, rewrites).",
               "如此密集地由 WAL 量触发检查点，会反复写出脏页（且每次之后都写整页镜像）：调大 max_wal_size，使检查点由 "
               "checkpoint_timeout 触发，并排查窗口内产生大量 WAL 的操作（批量装载、表重写）。"),
        commands={"postgresql": ["SHOW max_wal_size; SHOW checkpoint_timeout;",
                                 "ALTER SYSTEM SET max_wal_size = '8GB'; SELECT pg_reload_conf();"]},
        references=["https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-CHECKPOINT-WARNING",
                    "https://www.postgresql.org/docs/current/wal-configuration.html"],
    ),
    timeout_s=20,
)
