from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR007",
    name="slow_queries_ratio",
    title=T("High share of slow queries", "慢查询占比过高"),
    category="errors",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("questions", "slow_queries", "slow_pct", "long_query_time", "slow_query_log", "since"),
    thresholds=(
        Threshold(name="slow_pct", unit="% of questions", warning=5, critical=10, direction="above",
                  rationale="MySQLTuner flags slow queries above 5 % of questions (catalog MY-ERR-04); 10 % critical"),
    ),
    judge=each_row("slow_pct", "slow_pct"),
    messages={
        "ok": T("{slow_queries} slow queries of {questions} statements since server start {since} ({value}%, "
                "long_query_time {long_query_time} s; not a window delta)",
                "自实例启动 {since} 以来 {questions} 条语句中慢查询 {slow_queries} 条（{value}%，long_query_time "
                "{long_query_time} 秒；非窗口内增量）"),
        "problem": T("{value}% of statements were slow since server start {since} ({slow_queries} of {questions}, "
                     "long_query_time {long_query_time} s, slow_query_log {slow_query_log}; threshold {slow_pct_warning}%; "
                     "not a window delta)",
                     "自实例启动 {since} 以来 {value}% 的语句为慢查询（{questions} 条中 {slow_queries} 条，long_query_time "
                     "{long_query_time} 秒，slow_query_log {slow_query_log}；阈值 {slow_pct_warning}%；非窗口内增量）"),
    },
    remediation=RemediationSpec(
        text=T("Turn on the slow query log (slow_query_log = ON, log_queries_not_using_indexes as needed), summarise it "
               "with pt-query-digest or mariadb-dumpslow, and fix the top statements (indexes, rewrites).",
               "开启慢查询日志（slow_query_log = ON，按需开启 log_queries_not_using_indexes），用 pt-query-digest 或 "
               "mariadb-dumpslow 汇总，优先优化耗时最多的语句（加索引、改写 SQL）。"),
        commands={
            "mysql": [
                "SET GLOBAL slow_query_log = ON; SET GLOBAL long_query_time = 1;",
                "SELECT @@slow_query_log_file;",
                "pt-query-digest /var/lib/mysql/$(hostname)-slow.log | head -100",
            ],
        },
        references=["https://mariadb.com/kb/en/slow-query-log-overview/",
                    "https://dev.mysql.com/doc/refman/8.0/en/slow-query-log.html"],
    ),
    timeout_s=5,
)
