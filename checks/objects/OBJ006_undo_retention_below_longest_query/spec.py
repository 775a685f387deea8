from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

def _stolen(row, ctx):
    # Unexpired undo taken while a query outlived the retention: the retention was not kept (ORA-01555 land).
    if (num(row.get("short_intervals")) or 0) > 0 and (num(row.get("unexpired_steals")) or 0) > 0:
        return Outcome.CRITICAL, "stolen"
    return None


_rows = rows_judge([("query_to_retention_pct", "query_to_retention_pct")], problem="short", flag=_stolen)


@uses("query_to_retention_pct")
def judge(rows, th, ctx):
    if not rows:  # the window lies beyond V$UNDOSTAT's ~4 days, or the instance has just started
        return Verdict(outcome=Outcome.SKIPPED, message="no_rows", params={}, evidence=[])
    return _rows(rows, th, ctx)


SPEC = CheckSpec(
    code="OBJ006",
    name="undo_retention_below_longest_query",
    title=T("Oracle undo retention shorter than the longest query", "Oracle UNDO 保留时间短于最长查询"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON GV_$UNDOSTAT", container="any")},
    columns=("inst_id", "con_id", "longest_query_s", "min_tuned_retention_s", "query_to_retention_pct",
             "short_intervals", "unexpired_steals", "intervals", "covered_from_local"),
    thresholds=(
        Threshold(name="query_to_retention_pct", unit="% of tuned retention", warning=100, direction="above",
                  rationale="catalog ORA-OBJ-07 (V$UNDOSTAT TUNED_UNDORETENTION vs MAXQUERYLEN) names no level. The "
                            "Oracle Database Reference 19c (V$UNDOSTAT) says MAXQUERYLEN is what UNDO_RETENTION must "
                            "cover: at 100 % a query outlived the undo Oracle could keep. No level below it: with an "
                            "AUTOEXTEND undo tablespace Oracle tunes the retention to just above the longest query "
                            "(Administrator's Guide 19c, 'About the Undo Retention Period'), so 90-99 % is the tuning "
                            "working. Critical, independently: unexpired undo stolen (UNXPSTEALCNT > 0) in those "
                            "intervals, the retention not kept"),
    ),
    judge=judge,
    basis="window",
    object_key=("inst_id", "con_id"),
    messages={
        "ok": T("Undo retention kept above the longest query in the window on every instance (longest "
                "{longest_query_s} s against a tuned retention of at least {min_tuned_retention_s} s, "
                "{query_to_retention_pct}% at worst)",
                "窗口内各实例的 UNDO 保留时间均高于最长查询（最长 {longest_query_s} 秒，自动调整保留时间至少 "
                "{min_tuned_retention_s} 秒，最差为 {query_to_retention_pct}%）"),
        "stolen": T("Instance {inst_id} (CON_ID {con_id}): a query ran {query_to_retention_pct}% of the undo retention "
                    "Oracle could keep and {unexpired_steals} unexpired undo extent steal(s) happened in those "
                    "{short_intervals} interval(s) since {covered_from_local} server time: the undo tablespace ran "
                    "out of room and overwrote undo still within its retention (longest query {longest_query_s} s, "
                    "retention down to {min_tuned_retention_s} s) — ORA-01555 for long queries, see ERR011",
                    "实例 {inst_id}（CON_ID {con_id}）：查询时长达到 Oracle 可保留 UNDO 时间的 {query_to_retention_pct}%，"
                    "且自 {covered_from_local} 服务器时间起的这 {short_intervals} 个区间内发生 {unexpired_steals} 次未过期 UNDO "
                    "区的窃取：UNDO 表空间空间不足，覆盖了仍在保留期内的 UNDO（最长查询 {longest_query_s} 秒，保留时间低至 "
                    "{min_tuned_retention_s} 秒）——长查询会遇到 ORA-01555，参见 ERR011"),
        "short": T("Instance {inst_id} (CON_ID {con_id}): a query ran {query_to_retention_pct}% of the undo retention Oracle could keep "
                   "({short_intervals} of {intervals} ten-minute intervals since {covered_from_local} server time had "
                   "the longest query at or past the tuned retention; longest {longest_query_s} s, retention down to "
                   "{min_tuned_retention_s} s) — long queries risk ORA-01555",
                   "实例 {inst_id}（CON_ID {con_id}）：查询时长达到 Oracle 可保留 UNDO 时间的 {query_to_retention_pct}%（自 "
                   "{covered_from_local} 服务器时间起的 {intervals} 个 10 分钟区间中有 {short_intervals} 个区间最长查询"
                   "达到或超过自动调整保留时间；最长 {longest_query_s} 秒，保留时间低至 {min_tuned_retention_s} 秒）——"
                   "长查询有 ORA-01555 风险"),
        "no_rows": T("not applicable: V$UNDOSTAT holds no interval inside the window (it keeps about 4 days of "
                     "10-minute rows; inspect a window that ends within them)",
                     "不适用：V$UNDOSTAT 中没有落在窗口内的统计区间（仅保留约 4 天的 10 分钟记录；请检查在此范围内结束的窗口）"),
    },
    remediation=RemediationSpec(
        text=T("Give the undo tablespace room to keep undo as long as the longest query runs: let its datafiles "
               "autoextend (with a MAXSIZE the file system holds) or make it larger; or shorten the query "
               "(MAXQUERYID in GV$UNDOSTAT names it). Raising UNDO_RETENTION alone does not help a fixed-size undo "
               "tablespace that is full.",
               "让 UNDO 表空间能保留与最长查询同样长的 UNDO：为其数据文件开启自动扩展（MAXSIZE 在文件系统可承受范围内）"
               "或扩大其大小；或缩短该查询（GV$UNDOSTAT 的 MAXQUERYID 给出其 SQL_ID）。固定大小且已满的 UNDO 表空间，"
               "仅调大 UNDO_RETENTION 无效。"),
        commands={"oracle": [
            "SELECT inst_id, begin_time, maxquerylen, maxqueryid, tuned_undoretention FROM gv$undostat "
            "WHERE maxquerylen >= tuned_undoretention ORDER BY begin_time DESC;",
            "ALTER DATABASE DATAFILE '<undo datafile>' AUTOEXTEND ON NEXT 1G MAXSIZE 32G;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-UNDOSTAT.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/admin/managing-undo.html"],
    ),
    timeout_s=10,
)
