from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="PRF065",
    name="ash_top_activity",
    title=T("Oracle top activity by SQL and event inside the window (ASH history, Diagnostics Pack)",
            "窗口内按 SQL 与事件的主要活动（ASH 历史，需 Diagnostics Pack）"),
    category="performance",
    tier="semiannual",
    engines={"oracle": EngineSupport(container="root", min_version="19", requires=("diagnostics_pack",),
                                     privilege="SELECT ON DBA_HIST_ACTIVE_SESS_HISTORY, SELECT ON V_$DATABASE")},
    columns=(*BASIS_COLUMNS, "sql_id", "activity", "wait_class", "active_s", "pct_activity", "db_time_s"),
    thresholds=(
        Threshold(name="activity_share_pct", unit="% of sampled activity", warning=30, critical=50, direction="above",
                  rationale="one SQL_ID + event pair holding 30 % / 50 % of the foreground ASH samples is the top item of "
                            "the ASH report's 'Top SQL with Top Events' (Oracle Database Performance Tuning Guide 19c, "
                            "'Active Session History Reports'); levels ours (catalog ORA-PERF-06 names none)"),
        Threshold(name="min_db_time_s", unit="s of sampled activity", kind="guard", value=3600,
                  rationale="under one hour of sampled activity (360 history samples) shares are not rated (ours)"),
    ),
    judge=perf_judge([("pct_activity", "activity_share_pct")], key="sql_id", problem="dominant", guard=("db_time_s", "min_db_time_s")),
    messages={
        **messages_common(),
        "ok": T("No single SQL and event dominates the sampled activity: the top one, {sql_id} on {activity}, held "
                "{pct_activity} % of ~{db_time_s} s ({total} listed; source: {basis_en}, DBA_HIST_ACTIVE_SESS_HISTORY)",
                "没有主导采样活动的 SQL 与事件：最高的 {sql_id}（{activity}）占约 {db_time_s} 秒中的 {pct_activity} %（列出 "
                "{total} 项；来源：{basis_zh}，DBA_HIST_ACTIVE_SESS_HISTORY）"),
        "light": T("Activity too light to rate: ~{db_time_s} s sampled (under {guard} s); the top item was {sql_id} on "
                   "{activity} (source: {basis_en})",
                   "活动过少，不评估：采样约 {db_time_s} 秒（低于 {guard} 秒）；最高项为 {sql_id}（{activity}）（来源：{basis_zh}）"),
        "dominant": T("SQL {sql_id} on '{activity}' ({wait_class}) held {pct_activity} % of the sampled foreground activity "
                      "(~{active_s} of {db_time_s} s, threshold {activity_share_pct_warning} %; source: {basis_en}, "
                      "DBA_HIST_ACTIVE_SESS_HISTORY)",
                      "SQL {sql_id} 在 '{activity}'（{wait_class}）上占前台采样活动的 {pct_activity} %（约 {active_s} / {db_time_s} 秒，"
                      "阈值 {activity_share_pct_warning} %；来源：{basis_zh}，DBA_HIST_ACTIVE_SESS_HISTORY）"),
    },
    remediation=RemediationSpec(
        text=T("Drill into the periods when it ran (ASH report for that time range) and tune the statement (PRF062) or the "
               "wait behind it (PRF061); '(no SQL)' activity is sessions between statements (parse, commit, PL/SQL).",
               "深入其运行时段（该时间段的 ASH 报告），优化该语句（PRF062）或其背后的等待（PRF061）；'(no SQL)' 指会话处于语句之间"
               "（解析、提交、PL/SQL）。"),
        commands={"oracle": ["@?/rdbms/admin/ashrpt.sql  -- Diagnostics Pack"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_ACTIVE_SESS_HISTORY.html"],
    ),
    timeout_s=60,
    basis="window",
    object_key=("sql_id", "activity"),
)
