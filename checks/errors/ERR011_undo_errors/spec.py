from checks.judges import summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR011",
    name="undo_errors",
    title=T("Oracle ORA-01555 (snapshot too old) or undo space errors in the window", "窗口内 Oracle 出现 ORA-01555 或 UNDO 空间不足错误"),
    category="errors",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON GV_$UNDOSTAT")},
    columns=("snapshot_too_old", "no_space", "longest_query_s", "min_tuned_retention_s", "intervals", "instances",
             "covered_from_local"),
    thresholds=(
        Threshold(name="no_space", unit="errors", warning=1, critical=1, direction="above",
                  rationale="catalog ORA-ERR-04: any undo no-space error (V$UNDOSTAT.NOSPACEERRCNT) — a transaction failed"),
        Threshold(name="snapshot_too_old", unit="errors", warning=1, critical=None, direction="above",
                  rationale="catalog ORA-ERR-04: any ORA-01555 (V$UNDOSTAT.SSOLDERRCNT) — a query failed; warning, as "
                            "the usual cause is one long query, not a broken database"),
    ),
    judge=summary_judge([("no_space", "no_space"), ("snapshot_too_old", "snapshot_too_old")], problem="errors"),
    messages={
        "ok": T("No ORA-01555 and no undo space error in {intervals} undo interval(s) of {instances} instance(s) in the window "
                "(longest query {longest_query_s} s, tuned retention ≥ {min_tuned_retention_s} s)",
                "窗口内 {instances} 个实例的 {intervals} 个 UNDO 统计区间没有 ORA-01555 和 UNDO 空间错误（最长查询 {longest_query_s} 秒，"
                "自动调整保留时间 ≥ {min_tuned_retention_s} 秒）"),
        "errors": T("{snapshot_too_old} ORA-01555 and {no_space} undo no-space error(s) inside the window (from "
                    "{covered_from_local} server time; longest query {longest_query_s} s, tuned retention down to "
                    "{min_tuned_retention_s} s)",
                    "窗口内出现 {snapshot_too_old} 次 ORA-01555 和 {no_space} 次 UNDO 空间不足错误（自 {covered_from_local} "
                    "服务器时间起；最长查询 {longest_query_s} 秒，自动调整保留时间低至 {min_tuned_retention_s} 秒）"),
    },
    remediation=RemediationSpec(
        text=T("ORA-01555: find the query (V$UNDOSTAT.MAXQUERYID, the alert log) and shorten it, or size the undo "
               "tablespace so TUNED_UNDORETENTION covers it (autoextend, or a larger fixed size with "
               "UNDO_RETENTION). No-space errors: add space to the undo tablespace now.",
               "ORA-01555：找到对应查询（V$UNDOSTAT.MAXQUERYID、告警日志）并缩短其运行时间，或扩大 UNDO 表空间使 "
               "TUNED_UNDORETENTION 能覆盖它（自动扩展，或更大的固定大小配合 UNDO_RETENTION）。空间不足错误：立即为 UNDO 表空间扩容。"),
        commands={"oracle": ["SELECT inst_id, begin_time, maxquerylen, maxqueryid, ssolderrcnt, nospaceerrcnt, tuned_undoretention "
                             "FROM gv$undostat ORDER BY begin_time DESC;",
                             "ALTER DATABASE DATAFILE '<undo file>' AUTOEXTEND ON MAXSIZE 32G;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-UNDOSTAT.html"],
    ),
    timeout_s=10,
    basis="window",
)
