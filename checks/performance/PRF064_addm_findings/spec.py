from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="PRF064",
    name="addm_findings",
    title=T("Oracle ADDM problems found inside the window (Diagnostics Pack)", "窗口内 ADDM 发现的问题（需 Diagnostics Pack）"),
    category="performance",
    tier="semiannual",
    engines={"oracle": EngineSupport(container="root", min_version="19", requires=("diagnostics_pack",),
                                     privilege="SELECT ON DBA_ADDM_TASKS, SELECT ON DBA_ADDM_FINDINGS, SELECT ON V_$DATABASE")},
    columns=(*BASIS_COLUMNS, "finding_name", "analyses", "max_impact_pct", "avg_impact_pct", "max_active_sessions", "message"),
    thresholds=(
        Threshold(name="impact_pct", unit="% of active sessions", warning=10, critical=30, direction="above",
                  rationale="PERC_ACTIVE_SESS, the finding's share of the analysed period's active sessions (Oracle Database "
                            "Reference 19c, DBA_ADDM_FINDINGS); ADDM ranks its findings by this impact (Performance Tuning "
                            "Guide 19c, 'Automatic Database Diagnostic Monitor'); 10 % / 30 % are ours (catalog ORA-PERF-05 "
                            "names no threshold)"),
    ),
    judge=perf_judge([("max_impact_pct", "impact_pct")], key="finding_name", problem="finding"),
    messages={
        **messages_common(),
        "ok": T("No ADDM problem reached {impact_pct_warning} % of active sessions in {pairs} analyses ({total} finding(s) "
                "below it; source: {basis_en})",
                "{pairs} 次 ADDM 分析中没有问题达到活动会话的 {impact_pct_warning} %（{total} 个发现低于该值；来源：{basis_zh}）"),
        "finding": T("ADDM found '{finding_name}' in {analyses} of {pairs} analyses, up to {max_impact_pct} % of active "
                     "sessions (average {avg_impact_pct} %, threshold {impact_pct_warning} %): {message} (source: {basis_en})",
                     "ADDM 在 {pairs} 次分析中有 {analyses} 次发现 '{finding_name}'，最高占活动会话 {max_impact_pct} %（平均 "
                     "{avg_impact_pct} %，阈值 {impact_pct_warning} %）：{message}（来源：{basis_zh}）"),
    },
    remediation=RemediationSpec(
        text=T("Read the finding's recommendations and their rationale (DBA_ADVISOR_RECOMMENDATIONS / the ADDM report of a "
               "task where it appears) and act on those that fit; re-check the next period's analyses.",
               "阅读该发现的建议及理由（DBA_ADVISOR_RECOMMENDATIONS，或出现该发现的任务的 ADDM 报告），采纳适用的建议；"
               "并在下一周期的分析中复查。"),
        commands={"oracle": ["SELECT DBMS_ADDM.GET_REPORT('<task_name>') FROM dual;  -- Diagnostics Pack",
                             "@?/rdbms/admin/addmrpt.sql"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_ADDM_FINDINGS.html"],
    ),
    timeout_s=60,
    basis="window",
    object_key=("finding_name",),
)
