from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, SourcePath, T, Threshold

_DICT = "SELECT ON V_$DATABASE"

SPEC = CheckSpec(
    code="PRF062",
    name="top_sql",
    title=T("Oracle top SQL by elapsed time, CPU, buffer gets and executions (AWR, Statspack or V$SQLSTATS)",
            "Oracle 按耗时、CPU、逻辑读与执行次数排序的主要 SQL（AWR、Statspack 或 V$SQLSTATS）"),
    category="performance",
    tier="semiannual",
    engines={"oracle": EngineSupport(container="root", 
        min_version="19",
        privilege="SELECT ON V_$INSTANCE, SELECT ON V_$SQLSTATS, SELECT ON V_$SYS_TIME_MODEL",
        paths=(
            SourcePath(name="awr", privilege="SELECT ON DBA_HIST_SNAPSHOT, SELECT ON DBA_HIST_SQLSTAT, SELECT ON DBA_HIST_SQLTEXT, "
                                             "SELECT ON DBA_HIST_SYS_TIME_MODEL, " + _DICT),
            SourcePath(name="statspack", privilege="SELECT ON PERFSTAT.STATS$SNAPSHOT, SELECT ON PERFSTAT.STATS$SQL_SUMMARY, "
                                                   "SELECT ON PERFSTAT.STATS$SYS_TIME_MODEL, "
                                                   "SELECT ON PERFSTAT.STATS$TIME_MODEL_STATNAME, " + _DICT),
        ))},
    columns=(*BASIS_COLUMNS, "counters_since", "con_id", "sql_id", "elapsed_s", "cpu_s", "buffer_gets", "executions", "ms_per_exec",
             "pct_db_time", "db_time_s", "top_by", "sql_text"),
    thresholds=(
        Threshold(name="sql_share_pct", unit="% of DB time", warning=30, critical=50, direction="above",
                  rationale="one statement taking 30 % / 50 % of DB time is where tuning pays first (the AWR report's 'SQL "
                            "ordered by Elapsed Time' shows %Total of DB time for this; Oracle Database Performance Tuning "
                            "Guide 19c); the levels are ours (catalog ORA-PERF-03 names none)"),
        Threshold(name="min_db_time_s", unit="s of DB time", kind="guard", value=3600,
                  rationale="below one hour of DB time over the basis the instance is nearly idle and one statement "
                            "(a backup, a stats job) is 'most' of it: shares are not rated (ours)"),
    ),
    judge=perf_judge([("pct_db_time", "sql_share_pct")], key="sql_id", problem="dominant", guard=("db_time_s", "min_db_time_s")),
    messages={
        **messages_common(),
        "ok": T("No statement dominates DB time: the top one, {sql_id} (top by {top_by}), took {pct_db_time} % of {db_time_s} s "
                "({elapsed_s} s elapsed, {cpu_s} s CPU, {buffer_gets} gets, {executions} executions; {total} statements "
                "listed; source: {basis_en})",
                "没有主导 DB time 的语句：最高的 {sql_id}（{top_by} 居前）占 DB time {db_time_s} 秒中的 {pct_db_time} %（耗时 "
                "{elapsed_s} 秒、CPU {cpu_s} 秒、逻辑读 {buffer_gets}、执行 {executions} 次；列出 {total} 条语句；来源：{basis_zh}）"),
        "light": T("Load too light to rate SQL shares: {db_time_s} s of DB time (under {guard} s); the top statement was "
                   "{sql_id} ({pct_db_time} %; source: {basis_en})",
                   "负载过轻，不评估 SQL 占比：DB time 仅 {db_time_s} 秒（低于 {guard} 秒）；最高的语句为 {sql_id}（{pct_db_time} %；"
                   "来源：{basis_zh}）"),
        "dominant": T("Statement {sql_id} took {pct_db_time} % of DB time (threshold {sql_share_pct_warning} %): {elapsed_s} s "
                      "elapsed, {cpu_s} s CPU, {buffer_gets} buffer gets over {executions} executions ({ms_per_exec} ms each), "
                      "top by {top_by}; text: {sql_text} (source: {basis_en})",
                      "语句 {sql_id} 占 DB time 的 {pct_db_time} %（阈值 {sql_share_pct_warning} %）：耗时 {elapsed_s} 秒、CPU "
                      "{cpu_s} 秒、逻辑读 {buffer_gets}，执行 {executions} 次（每次 {ms_per_exec} 毫秒），{top_by} 居前；文本："
                      "{sql_text}（来源：{basis_zh}）"),
    },
    remediation=RemediationSpec(
        text=T("Look at the statement's plan and where its time goes (DBMS_XPLAN.DISPLAY_CURSOR for the current plan, "
               "DISPLAY_AWR with the Diagnostics Pack); many gets per execution point at a missing index or a bad join "
               "order, many executions at row-by-row application code. With the Tuning Pack, the SQL Tuning Advisor "
               "can propose a profile; test any change on a copy first. In a CDB, run DBMS_XPLAN in the statement's PDB "
               "(con_id; ALTER SESSION SET CONTAINER).",
               "查看该语句的执行计划及耗时分布（当前计划用 DBMS_XPLAN.DISPLAY_CURSOR；有 Diagnostics Pack 时用 DISPLAY_AWR）；"
               "每次执行逻辑读很多通常是缺索引或连接顺序不当，执行次数很多通常是应用逐行处理。有 Tuning Pack 时可用 SQL Tuning "
               "Advisor 生成 profile；任何变更先在副本上测试。在 CDB 中，请在该语句所在的 PDB（con_id；ALTER SESSION SET CONTAINER）"
               "中执行 DBMS_XPLAN。"),
        commands={"oracle": ["SELECT * FROM TABLE(DBMS_XPLAN.DISPLAY_CURSOR('<sql_id>', NULL, 'TYPICAL'));"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SQLSTATS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_SQLSTAT.html"],
    ),
    timeout_s=60,
    basis="cumulative",
    object_key=("con_id", "sql_id"),
)
