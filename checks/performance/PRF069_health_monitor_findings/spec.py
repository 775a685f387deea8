from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("critical_priorities", "warning_priorities")
def judge(rows, th, ctx) -> Verdict:
    """Open Health Monitor findings by priority; no run recorded at all: nothing was checked (SKIPPED)."""
    if not rows:
        return Verdict(outcome=Outcome.ERROR, message="no_data")
    head = rows[0]
    if not num(head.get("runs")):
        return Verdict(outcome=Outcome.SKIPPED, message="never_run", params=head, evidence=[head])
    found = [r for r in rows if r.get("finding_id") is not None]
    crit = {p.upper() for p in th["critical_priorities"].value}
    warn = {p.upper() for p in th["warning_priorities"].value}

    def rate(r):
        p = str(r.get("priority") or "").upper()
        return Outcome.CRITICAL if p in crit else Outcome.WARNING if p in warn else Outcome.OK

    rated = [(r, rate(r)) for r in found]
    bad = [(r, o) for r, o in rated if o is not Outcome.OK]
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", evidence=found or [head],
                       params={**head, "total": len(found), "critical_priorities": "/".join(sorted(crit)),
                               "warning_priorities": "/".join(sorted(warn))})
    bad.sort(key=lambda x: -x[1].rank)
    return Verdict(outcome=Outcome.worst(o for _, o in bad), message="open",
                   params={**bad[0][0], "count": len(bad), "total": len(found)}, evidence=[r for r, _ in bad],
                   objects={str(r["finding_id"]): o for r, o in bad})


SPEC = CheckSpec(
    code="PRF069",
    name="health_monitor_findings",
    title=T("Oracle Health Monitor findings still open (dictionary, redo, undo, transaction integrity)",
            "Oracle Health Monitor 未关闭的发现（数据字典、redo、undo、事务完整性）"),
    category="performance",
    tier="semiannual",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON V_$HM_RUN, SELECT ON V_$HM_FINDING")},
    columns=("runs", "last_run", "last_check", "finding_id", "finding", "priority", "finding_type", "class_name",
             "check_name", "run_mode", "detected", "message"),
    thresholds=(
        Threshold(name="critical_priorities", unit="priorities", kind="list", value=("CRITICAL",),
                  rationale="V$HM_FINDING.PRIORITY CRITICAL / HIGH / LOW (Oracle Database Reference 19c); an open CRITICAL "
                            "finding (e.g. a corrupt dictionary or redo block) is critical (catalog ORA-PERF-10)"),
        Threshold(name="warning_priorities", unit="priorities", kind="list", value=("HIGH",),
                  rationale="an open HIGH finding is a warning, LOW is listed only (ours)"),
    ),
    judge=judge,
    messages={
        "ok": T("No open Health Monitor finding of priority {critical_priorities} or {warning_priorities}: {runs} run(s) "
                "recorded, the latest {last_check} at {last_run} (server time); {total} open finding(s) of lower priority",
                "没有 {critical_priorities} 或 {warning_priorities} 级未关闭的 Health Monitor 发现：共记录 {runs} 次运行，最近一次为 "
                "{last_check}，{last_run}（服务器时间）；低优先级未关闭发现 {total} 个"),
        "open": T("Health Monitor finding {finding_id} '{finding}' ({priority}, {finding_type}) is open since {detected}: "
                  "{message} (found by {check_name}, {run_mode}; {count} open finding(s) at this level)",
                  "Health Monitor 发现 {finding_id} '{finding}'（{priority}，{finding_type}）自 {detected} 起未关闭：{message}"
                  "（由 {check_name} 发现，{run_mode}；该级别未关闭发现共 {count} 个）"),
        "never_run": T("not applicable: no Health Monitor run is recorded (V$HM_RUN is empty): nothing was checked — run one, "
                       "e.g. EXEC DBMS_HM.RUN_CHECK('Dictionary Integrity Check', 'dbpatrol_dict') as a DBA, or rely on "
                       "the reactive runs after critical errors",
                       "不适用：未记录任何 Health Monitor 运行（V$HM_RUN 为空）：什么都没检查——请以 DBA 身份运行一次，例如 "
                       "EXEC DBMS_HM.RUN_CHECK('Dictionary Integrity Check', 'dbpatrol_dict')，或依赖严重错误后的自动运行"),
        "no_data": T("the SQL returned no row (not even its header row)", "SQL 未返回任何行（连表头行也没有）"),
    },
    remediation=RemediationSpec(
        text=T("Read the finding's report (DBMS_HM.GET_RUN_REPORT for its run) and its recommendations; a dictionary or "
               "redo corruption is an Oracle Support case (SR) — do not repair by hand. Use RMAN's Data Recovery Advisor "
               "(LIST FAILURE / ADVISE FAILURE) for datafile and block failures.",
               "阅读该发现的报告（对其运行执行 DBMS_HM.GET_RUN_REPORT）及建议；数据字典或 redo 损坏应提交 Oracle Support（SR）"
               "——不要手工修复。数据文件与数据块故障使用 RMAN 的 Data Recovery Advisor（LIST FAILURE / ADVISE FAILURE）。"),
        commands={"oracle": ["SELECT DBMS_HM.GET_RUN_REPORT('<run name>') FROM dual;", "RMAN> LIST FAILURE;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-HM_FINDING.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/admin/diagnosing-and-resolving-problems.html"],
    ),
    timeout_s=30,
    basis="current",
    object_key=("finding_id",),
)
