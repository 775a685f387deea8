from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

COLUMNS = ("connection_name", "master_host", "slave_io_running", "slave_sql_running", "seconds_behind_master",
           "sql_delay", "last_io_errno", "last_io_error", "last_sql_errno", "last_sql_error")


def _threads(row, ctx):
    io, sql = (row.get("slave_io_running") or ""), (row.get("slave_sql_running") or "")
    if sql != "Yes" or io == "No":
        return Outcome.CRITICAL, "stopped"
    if io != "Yes":  # Connecting / Preparing: the I/O thread is retrying
        return Outcome.WARNING, "stopped"
    return None


_rows = rows_judge([("behind_s", "lag_s")], flag=_threads)


def _behind(row) -> float | None:
    """Lag beyond the configured delay. A delayed replica (MASTER_DELAY / SOURCE_DELAY, a common guard
    against a mistaken DELETE) applies each event that many seconds late on purpose, and
    Seconds_Behind_Master counts those seconds (measured: MASTER_DELAY = 8 reads 8 while it waits)."""
    lag = num(row.get("seconds_behind_master"))
    return None if lag is None else int(max(0.0, lag - (num(row.get("sql_delay")) or 0)))


@uses("lag_s")
def _judge(rows, th, ctx) -> Verdict:
    v = _rows([{**r, "behind_s": _behind(r)} for r in rows], th, ctx)
    # SHOW ALL SLAVES STATUS returns ~60 columns: keep the evidence to the ones that matter.
    v.evidence = [{k: r.get(k) for k in COLUMNS} for r in (v.evidence or [])]
    if not v.params.get("connection_name"):
        v.params["connection_name"] = "(default)"  # the unnamed default-connection replica
    if v.message == "problem" and (num(v.params.get("sql_delay")) or 0) > 0:
        v.message = "problem_delayed"
    if v.message == "ok" and any((num(r.get("sql_delay")) or 0) > 0 for r in rows):
        v.message = "ok_delayed"
        v.params["delayed"] = sum(1 for r in rows if (num(r.get("sql_delay")) or 0) > 0)
    return v


SPEC = CheckSpec(
    code="RUN015",
    name="replica_stopped_or_lagging",
    title=T("Replica threads stopped or replica lagging", "从库复制线程停止或复制延迟"),
    category="running",
    tier="daily",
    engines={
        # MariaDB: SHOW ALL SLAVES STATUS (mariadb.sql); MySQL 8: performance_schema replication tables (mysql.sql)
        "mariadb": EngineSupport(min_version="10.5.1", privilege="SLAVE MONITOR", requires=("replica",)),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON performance_schema.*",
                               requires=("performance_schema", "replica")),
    },
    columns=COLUMNS,
    object_key=("connection_name",),
    thresholds=(
        Threshold(name="lag_s", unit="s", warning=120, critical=3600, direction="above",
                  rationale="BlueKing replica delay 120 s warn / 3600 s fatal (MY-RUN-06); any stopped thread is an alarm "
                            "(BlueKing slave-status, MY-RUN-05). Judged beyond the replica's configured delay "
                            "(SQL_Delay / DESIRED_DELAY), which Seconds_Behind_Master includes"),
    ),
    judge=_judge,
    messages={
        "ok": T("{total} replication connection(s), IO and SQL threads running and lag below {lag_s_warning} s",
                "{total} 个复制连接，IO 与 SQL 线程均在运行且延迟低于 {lag_s_warning} 秒"),
        "ok_delayed": T("{total} replication connection(s), IO and SQL threads running and lag below {lag_s_warning} s "
                        "beyond the configured delay ({delayed} delayed on purpose: MASTER_DELAY / SOURCE_DELAY)",
                        "{total} 个复制连接，IO 与 SQL 线程均在运行，扣除配置的延迟后延迟低于 {lag_s_warning} 秒"
                        "（其中 {delayed} 个为有意设置的延迟复制：MASTER_DELAY / SOURCE_DELAY）"),
        "problem": T("Replica connection {connection_name} from {master_host} is {seconds_behind_master} s behind "
                     "(threshold {lag_s_warning} s)",
                     "复制连接 {connection_name}（主库 {master_host}）延迟 {seconds_behind_master} 秒（阈值 {lag_s_warning} 秒）"),
        "problem_delayed": T("Replica connection {connection_name} from {master_host} is {seconds_behind_master} s behind, "
                             "{behind_s} s beyond its configured delay of {sql_delay} s (threshold {lag_s_warning} s)",
                             "复制连接 {connection_name}（主库 {master_host}）延迟 {seconds_behind_master} 秒，超出其配置的 "
                             "{sql_delay} 秒延迟 {behind_s} 秒（阈值 {lag_s_warning} 秒）"),
        "stopped": T("Replica connection {connection_name} from {master_host}: IO thread {slave_io_running}, SQL thread "
                     "{slave_sql_running}; last IO error {last_io_errno} {last_io_error}; last SQL error {last_sql_errno} "
                     "{last_sql_error}",
                     "复制连接 {connection_name}（主库 {master_host}）：IO 线程 {slave_io_running}，SQL 线程 "
                     "{slave_sql_running}；最近 IO 错误 {last_io_errno} {last_io_error}；最近 SQL 错误 {last_sql_errno} "
                     "{last_sql_error}"),
    },
    remediation=RemediationSpec(
        text=T("Fix the cause shown in Last_IO_Error / Last_SQL_Error (network or credentials for IO; a conflicting "
               "row, missing table or duplicate key for SQL) and restart the threads. Do not skip errors blindly: "
               "verify the replica with a checksum tool afterwards. For lag, look at long transactions on the primary "
               "and parallel replication settings.",
               "根据 Last_IO_Error / Last_SQL_Error 修复原因（IO 线程多为网络或账号问题；SQL 线程多为数据冲突、表缺失或主键重复），"
               "再重启复制线程。不要盲目跳过错误，事后用校验工具核对主从数据。对于延迟，检查主库大事务和并行复制配置。"),
        commands={
            "mariadb": ["SHOW ALL SLAVES STATUS\\G",
                        "STOP SLAVE '<connection_name>'; START SLAVE '<connection_name>';",
                        "SET GLOBAL slave_parallel_threads = 4;  -- parallel apply; set while the SQL threads are stopped"],
            "mysql": ["SHOW REPLICA STATUS\\G  -- 8.0.22+; before: SHOW SLAVE STATUS",
                      "SELECT * FROM performance_schema.replication_applier_status_by_worker WHERE last_error_number <> 0;",
                      "STOP REPLICA FOR CHANNEL '<channel>'; START REPLICA FOR CHANNEL '<channel>';"],
        },
        references=["https://mariadb.com/kb/en/show-replica-status/",
                    "https://dev.mysql.com/doc/refman/8.0/en/performance-schema-replication-tables.html",
                    "https://mariadb.com/kb/en/parallel-replication/"],
    ),
    timeout_s=5,
)
