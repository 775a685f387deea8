from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, SourcePath, T, Threshold

_DICT = "SELECT ON V_$DATABASE"

SPEC = CheckSpec(
    code="PRF061",
    name="top_waits",
    title=T("Oracle top wait events by share of DB time (AWR, Statspack or since startup)",
            "Oracle 主要等待事件占 DB time 的比例（AWR、Statspack 或自启动以来）"),
    category="performance",
    tier="semiannual",
    engines={"oracle": EngineSupport(container="root", 
        min_version="19",
        privilege="SELECT ON V_$INSTANCE, SELECT ON V_$SYSTEM_EVENT, SELECT ON V_$SYS_TIME_MODEL",
        paths=(
            SourcePath(name="awr", privilege="SELECT ON DBA_HIST_SNAPSHOT, SELECT ON DBA_HIST_SYSTEM_EVENT, "
                                             "SELECT ON DBA_HIST_SYS_TIME_MODEL, " + _DICT),
            SourcePath(name="statspack", privilege="SELECT ON PERFSTAT.STATS$SNAPSHOT, SELECT ON PERFSTAT.STATS$SYSTEM_EVENT, "
                                                   "SELECT ON PERFSTAT.STATS$SYS_TIME_MODEL, "
                                                   "SELECT ON PERFSTAT.STATS$TIME_MODEL_STATNAME, SELECT ON V_$EVENT_NAME, " + _DICT),
        ))},
    columns=(*BASIS_COLUMNS, "counters_since", "event", "wait_class", "waits", "time_s", "avg_ms", "pct_db_time", "db_time_s"),
    thresholds=(
        Threshold(name="event_share_pct", unit="% of DB time", warning=40, critical=60, direction="above",
                  rationale="one non-idle foreground wait event taking 40 % / 60 % of DB time is the bottleneck the AWR "
                            "report's 'Top 10 Foreground Events by Total Wait Time' puts first (Oracle Database "
                            "Performance Tuning Guide 19c, 'Interpreting Database Statistics' / wait events); the levels "
                            "are ours (catalog ORA-PERF-02 names none)"),
        Threshold(name="min_db_time_s", unit="s of DB time", kind="guard", value=3600,
                  rationale="below one hour of DB time over the basis the instance is nearly idle and any one event is "
                            "'most' of it: shares are not rated (ours)"),
    ),
    judge=perf_judge([("pct_db_time", "event_share_pct")], key="event", problem="dominant", guard=("db_time_s", "min_db_time_s")),
    messages={
        **messages_common(),
        "ok": T("No wait event dominates: the top one, '{event}' ({wait_class}), took {pct_db_time} % of {db_time_s} s of "
                "DB time ({waits} waits, {avg_ms} ms average; {total} events listed; source: {basis_en})",
                "没有主导的等待事件：最高的 '{event}'（{wait_class}）占 DB time {db_time_s} 秒中的 {pct_db_time} %（{waits} 次等待，"
                "平均 {avg_ms} 毫秒；列出 {total} 个事件；来源：{basis_zh}）"),
        "light": T("Load too light to rate wait shares: {db_time_s} s of DB time (under {guard} s); the top event was "
                   "'{event}' ({pct_db_time} %; source: {basis_en})",
                   "负载过轻，不评估等待占比：DB time 仅 {db_time_s} 秒（低于 {guard} 秒）；最高的事件为 '{event}'（{pct_db_time} %；"
                   "来源：{basis_zh}）"),
        "dominant": T("Wait event '{event}' ({wait_class}) took {pct_db_time} % of DB time (threshold {event_share_pct_warning} %): "
                      "{time_s} s over {waits} waits, {avg_ms} ms average, of {db_time_s} s of DB time (source: {basis_en})",
                      "等待事件 '{event}'（{wait_class}）占 DB time 的 {pct_db_time} %（阈值 {event_share_pct_warning} %）：{waits} 次等待共 "
                      "{time_s} 秒，平均 {avg_ms} 毫秒，DB time 共 {db_time_s} 秒（来源：{basis_zh}）"),
    },
    remediation=RemediationSpec(
        text=T("Tune by the event's class: User I/O (db file sequential/scattered read) — the SQL doing the reads (PRF062 by "
               "gets/reads) and the storage latency (PRF067); Commit (log file sync) — commit frequency and redo log "
               "storage; Concurrency / Application (enq: TX, latch, buffer busy) — the hot segments (PRF068) and the "
               "sessions holding the locks; Cluster (gc …) — the interconnect and where the blocks are used.",
               "按等待类别处理：User I/O（db file sequential/scattered read）——查读取最多的 SQL（PRF062）及存储延迟（PRF067）；"
               "Commit（log file sync）——提交频率与 redo 日志存储；Concurrency / Application（enq: TX、latch、buffer busy）——"
               "热点段（PRF068）与持锁会话；Cluster（gc …）——私网与数据块的使用位置。"),
        commands={"oracle": ["SELECT event, wait_class, total_waits_fg, ROUND(time_waited_micro_fg / 1e6) AS seconds "
                             "FROM v$system_event WHERE wait_class <> 'Idle' ORDER BY time_waited_micro_fg DESC "
                             "FETCH FIRST 10 ROWS ONLY;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SYSTEM_EVENT.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_SYSTEM_EVENT.html"],
    ),
    timeout_s=60,
    basis="cumulative",
    object_key=("event",),
)
