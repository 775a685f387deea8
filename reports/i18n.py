"""The fixed texts of every report, in each supported language (en, zh-CN).

Check titles, messages and remediation come from the results model (``Text.get(lang)``); this
catalogue holds only the words the report itself prints: headings, labels, outcome and category
names, reasons an item was not inspected. A missing zh-CN entry falls back to English, and
``tests/test_reports_render.py`` asserts that no key lacks a translation.
"""

from __future__ import annotations

LANGS = ("en", "zh-CN")

_CATALOGUE: dict[str, tuple[str, str]] = {
    # headings
    "report_title": ("Database inspection report", "数据库巡检报告"),
    "cover_business": ("Business", "业务系统"),
    "cover_instances": ("Instances", "巡检实例"),
    "cover_tier": ("Tier", "巡检类型"),
    "cover_window": ("Sampling window", "采样窗口"),
    "cover_generated": ("Generated at", "生成时间"),
    "cover_plan": ("Plan", "巡检计划"),
    "cover_report_id": ("Report id", "报告编号"),
    "cover_flow_run": ("Flow run", "流程运行"),
    "cover_previous": ("Compared with", "对比报告"),
    "cover_no_previous": ("no previous report", "无历史报告"),
    "cover_basis_label": ("What the findings evaluated", "检查依据"),
    "cover_basis": ("{window} of {total} findings evaluated the sampling window; the others report the state now "
                    "({current}) or counters since a time ({cumulative}).",
                    "{total} 项检查结果中有 {window} 项评估了采样窗口；其余为当前状态（{current} 项）"
                    "或自某一时刻起的累计计数（{cumulative} 项）。"),
    "cover_past_window": ("This window closed before the inspection ran: findings marked \"now\" report the state at "
                          "{generated}, not inside the window; window findings come from stored snapshots and logs, "
                          "and counters with none in the window say since when they count.",
                          "该窗口在巡检运行前已结束：标为“当前”的结果反映的是 {generated} 的状态，而非窗口内的状态；"
                          "窗口类结果来自已存储的快照和日志，窗口内没有快照的计数器会注明其累计起点。"),
    "cover_not_inspected": ("Not inspected", "未巡检"),
    "cover_not_applicable": ("Not applicable", "不适用"),
    "cover_acknowledged": ("Acknowledged (no score)", "已确认（不扣分）"),
    "toc": ("Contents", "目录"),
    "overview": ("Overview", "巡检概述"),
    "fleet_score": ("Fleet health score", "整体健康评分"),
    "instance_scores": ("Health score per instance", "各实例健康评分"),
    "chart_title": ("Findings by category and severity", "按类别和级别统计的问题"),
    "deductions": ("Score deductions", "扣分明细"),
    # window findings' sampled values (reports/chart.py finding_charts)
    "series_heading": ("Sampled over the window", "窗口内采样值"),
    "series_increase": ("{column}: increase per sample interval", "{column}：每个采样间隔的增量"),
    "series_gauge": ("{column}: sampled value", "{column}：采样值"),
    "series_more": ("{n} more object(s) with sampled values not charted; the JSON report carries their series.",
                    "另有 {n} 个对象的采样值未绘制；JSON 报告包含其采样序列。"),
    "deduction_none": ("No deductions.", "无扣分项。"),
    "problems": ("Problems found", "巡检问题"),
    "no_problems": ("No warnings or critical findings.", "未发现警告或严重问题。"),
    "history": ("Changes since the previous report", "与上次巡检对比"),
    "history_none": ("No previous report of this plan or these instances to compare with.",
                     "没有同一计划或同一实例的历史报告可供对比。"),
    "new_findings": ("New problems", "新增问题"),
    "persisting_findings": ("Carried-over problems (still open)", "遗留问题（仍未解决）"),
    "resolved_findings": ("Resolved problems", "已解决问题"),
    "unverified_findings": ("Previous problems not re-checked", "上次问题本次未能复查"),
    "not_inspected": ("Items not inspected", "未巡检项"),
    "not_inspected_none": ("Every item was inspected.", "所有项目均已巡检。"),
    "missed_windows": ("Windows not inspected: crashed runs of this plan", "未巡检的窗口：本计划崩溃的运行"),
    "missed_windows_note": ("These runs of the plan died before writing a report (a worker or its flow-run process was "
                            "killed, or the run failed); nothing was inspected for their windows. Re-run them with "
                            "`dbpatrol inspect --from … --to …` if the window matters.",
                            "本计划的这些运行在生成报告前中断（worker 或其流程运行进程被终止，或运行失败），其窗口内未做任何巡检。"
                            "如该窗口重要，请用 `dbpatrol inspect --from … --to …` 补巡检。"),
    "cover_missed_windows": ("Windows not inspected", "未巡检的窗口"),
    "col_window": ("Window", "窗口"),
    "col_run": ("Flow run", "流程运行"),
    "col_state": ("State", "状态"),
    "not_applicable": ("Checks that do not apply here", "不适用的检查"),
    "not_applicable_note": ("These checks do not apply to the instance (engine, version, role, a feature that is off); "
                            "nothing was left undone.",
                            "这些检查不适用于该实例（数据库类型、版本、角色或未启用的功能），并非遗漏。"),
    # the performance section (reports/performance.py)
    "performance": ("Performance: top SQL", "性能：Top SQL"),
    "perf_basis_window": ("In the window {since} → {until} ({coverage} % covered by statement snapshots): {n} statements, "
                          "{total} s of execution time (dbpatrol's own statements left out).",
                          "窗口 {since} → {until} 内（语句快照覆盖 {coverage}%）：{n} 条语句，执行时间合计 {total} 秒"
                          "（不含 dbpatrol 自身的语句）。"),
    "perf_basis_cumulative": ("No statement snapshots cover the window: figures since pg_stat_statements was reset "
                              "({since}), not the window's: {n} statements, {total} s of execution time.",
                              "没有语句快照覆盖窗口：以下为自 pg_stat_statements 重置（{since}）以来的累计值，而非窗口内数值："
                              "{n} 条语句，执行时间合计 {total} 秒。"),
    "perf_lower_bound": ("Figures are lower bounds: {why}.", "数值为下限：{why}。"),
    "perf_top": ("Top statements by total execution time", "按总执行时间排列的 Top 语句"),
    "perf_temp": ("Statements writing temporary files", "写临时文件的语句"),
    "perf_slower": ("Slower than the previous period of the same length", "比上一同长周期变慢的语句"),
    "perf_chart_title": ("Total execution time of the top statements", "Top 语句的总执行时间"),
    "perf_compare": ("Compared with the previous report ({tier}, {generated}; its figures {since} → {until})",
                     "与上一份报告对比（{tier}，{generated}；其数据区间 {since} → {until}）"),
    "perf_compare_none": ("No earlier report of these checks for this instance to compare the top list with.",
                          "没有该实例此前运行过这些检查的报告，无法对比 Top 列表。"),
    "perf_status_new": ("new in the top list", "新进入 Top 列表"),
    "perf_status_slower": ("slower", "变慢"),
    "perf_status_faster": ("faster", "变快"),
    "perf_status_same": ("about the same", "基本不变"),
    "col_rank": ("#", "序号"),
    "col_database": ("Database", "数据库"),
    "col_user": ("User", "用户"),
    "col_statement": ("Statement (normalised, literals masked)", "语句（已规范化，字面量已屏蔽）"),
    "col_calls": ("Calls", "调用次数"),
    "col_total_ms": ("Total ms", "总耗时 ms"),
    "col_mean_ms": ("Mean ms", "平均 ms"),
    "col_time_pct": ("% of time", "时间占比 %"),
    "col_rows": ("Rows", "行数"),
    "col_shared_read": ("Shared blocks read", "共享块读取"),
    "col_temp_mb": ("Temp MB", "临时文件 MB"),
    "col_temp_per_call": ("Temp MB/call", "每次临时 MB"),
    "col_wal": ("WAL bytes", "WAL 字节"),
    "col_mean_before": ("Mean ms before", "之前平均 ms"),
    "col_factor": ("Factor", "倍数"),
    "col_calls_before": ("Calls before", "之前调用次数"),
    "col_rank_before": ("# before", "之前序号"),
    "col_change": ("Change", "变化"),
    "instance_details": ("Instance details", "实例详情"),
    "appendix_thresholds": ("Appendix: thresholds in effect", "附录：生效的阈值"),
    "appendix_scoring": ("Appendix: how the health score is computed", "附录：健康评分计算方法"),
    "appendix_compliance": ("Appendix: compliance references", "附录：合规对照"),
    "compliance_note": ("Each benchmark item or regulation clause below lists the checks that give evidence for it and "
                        "their outcome on each instance. The checks cover what the database itself shows; they do not "
                        "certify a clause on their own.",
                        "下列每个基准条目或法规条款列出为其提供证据的检查及其在各实例上的结果。这些检查只覆盖数据库"
                        "自身可见的内容，不能单独证明某一条款已达标。"),
    "col_item": ("Item", "条款"),
    "col_results": ("Outcome per instance", "各实例结果"),
    "framework_等保2.0": ("MLPS 2.0 (等保 2.0, GB/T 22239-2019), level 3: security computing environment",
                          "等保 2.0（GB/T 22239-2019）第三级：安全计算环境"),
    "framework_CIS PostgreSQL 16": ("CIS PostgreSQL 16 Benchmark", "CIS PostgreSQL 16 基准"),
    "framework_CIS MySQL 8.0": ("CIS Oracle MySQL 8.0 Benchmark", "CIS MySQL 8.0 基准"),
    "framework_CIS MariaDB 10.11": ("CIS MariaDB 10.11 Benchmark", "CIS MariaDB 10.11 基准"),
    "framework_CIS Oracle Database 19c": ("CIS Oracle Database 19c Benchmark", "CIS Oracle Database 19c 基准"),
    "unreachable_banner": ("Instance could not be inspected", "实例无法巡检"),
    "unreachable_checks": ("{n} check(s) not run", "{n} 项检查未执行"),
    "evidence": ("Evidence", "证据"),
    "remediation": ("Remediation", "处理建议"),
    "commands": ("Commands", "参考命令"),
    "references": ("References", "参考资料"),
    "rows_shown": ("Showing {shown} of {total} rows", "显示 {total} 行中的 {shown} 行"),
    "rows_in_json": ("; the JSON export carries {stored} of them", "；JSON 导出包含其中 {stored} 行"),
    "none": ("none", "无"),
    "page": ("Page", "第"),
    "page_of": ("of", "页 / 共"),
    "page_suffix": ("", "页"),
    "all_ok": ("All checks passed.", "全部检查通过。"),
    "ok_checks": ("Passed checks", "通过的检查"),
    # table headers / labels
    "col_instance": ("Instance", "实例"),
    "col_engine": ("Engine", "数据库类型"),
    "col_version": ("Version", "版本"),
    "col_host": ("Host", "主机"),
    "col_address": ("Address", "地址"),
    "col_status": ("Status", "状态"),
    "col_score": ("Score", "评分"),
    "col_grade": ("Grade", "等级"),
    "col_code": ("Code", "编号"),
    "col_check": ("Check", "检查项"),
    "col_category": ("Category", "类别"),
    "col_outcome": ("Outcome", "结果"),
    "col_message": ("Message", "说明"),
    "col_reason": ("Reason", "原因"),
    "col_detail": ("Detail", "详情"),
    "col_points": ("Points", "扣分"),
    "col_why": ("Why", "原因"),
    "col_threshold": ("Threshold", "阈值"),
    "col_unit": ("Unit", "单位"),
    "col_warning": ("Warning", "警告值"),
    "col_critical": ("Critical", "严重值"),
    "col_default": ("Default", "默认值"),
    "col_source": ("Source", "来源"),
    "col_direction": ("Fires when", "触发条件"),
    "col_previous": ("Previously", "上次结果"),
    "col_now": ("Now", "本次结果"),
    "col_counts": ("Findings", "检查结果"),
    "col_total": ("Total", "合计"),
    "col_basis": ("Basis", "依据"),
    "col_object": ("Object", "对象"),
    # what a finding evaluated (its basis)
    "basis_window": ("window", "采样窗口"),
    "basis_current": ("now", "当前"),
    "basis_cumulative": ("cumulative", "累计"),
    "basis_since": ("since {since}", "自 {since} 起"),
    "basis_window_covered": ("window ({pct}% covered)", "采样窗口（覆盖 {pct}%）"),
    # acknowledgements
    "acknowledged": ("acknowledged", "已确认"),
    "ack_detail": ("Acknowledged by {by} until {until}: {reason}", "已由 {by} 确认，有效期至 {until}：{reason}"),
    "ack_detail_forever": ("Acknowledged by {by}, no expiry: {reason}", "已由 {by} 确认，无到期时间：{reason}"),
    "objects_acknowledged": ("{n} of {total} objects acknowledged", "{total} 个对象中 {n} 个已确认"),
    "problems_acknowledged": ("{n} of them acknowledged (no score)", "其中 {n} 项已确认（不扣分）"),
    "reachable": ("reachable", "可连接"),
    "unreachable": ("unreachable", "不可连接"),
    "looser_than_default": ("looser than default", "比默认值宽松"),
    "remediation_by_check": ("Remediation by check", "处理建议（按检查项）"),
    "remediation_by_check_note": ("Each check's remediation is printed once here; every finding it is for points to it. "
                                  "The HTML and JSON of this report carry it on each finding.",
                                  "每项检查的处理建议在此只列一次，对应的每项检查结果都指向这里。"
                                  "本报告的 HTML 和 JSON 在每项结果中都带有处理建议。"),
    "remediation_see": ("see {ref}", "见 {ref}"),
    "remediation_for": ("For {n} findings", "适用于 {n} 项结果"),
    "history_grouped": ("One row per finding: the objects of a finding that changed alike share its row.",
                        "每项检查结果一行：变化相同的对象列在同一行。"),
    "thresholds_all_instances": ("every instance that ran the check ({n})", "运行该检查的全部实例（{n} 个）"),
    "thresholds_all_but": ("every instance that ran the check ({n}) except {others} (their own rows)",
                           "运行该检查的其余全部实例（{n} 个），{others} 除外（见各自的行）"),
    "direction_above": ("above", "高于"),
    "direction_below": ("below", "低于"),
    "worsened": ("worsened", "已恶化"),
    "improved": ("improved", "已好转"),
    # outcomes
    "outcome_OK": ("OK", "正常"),
    "outcome_WARNING": ("Warning", "警告"),
    "outcome_CRITICAL": ("Critical", "严重"),
    "outcome_SKIPPED": ("Skipped", "跳过"),
    "outcome_ERROR": ("Error", "错误"),
    # grades
    "grade_healthy": ("healthy", "健康"),
    "grade_attention": ("needs attention", "需关注"),
    "grade_at_risk": ("at risk", "有风险"),
    "grade_critical": ("critical", "严重"),
    # not-inspected reasons
    "reason_unreachable": ("unreachable", "无法连接"),
    "reason_privilege": ("missing privilege", "缺少权限"),
    "reason_not_applicable": ("not applicable", "不适用"),
    "reason_error": ("error", "检查出错"),
    "reason_skipped": ("skipped", "已跳过"),
    "reason_disabled": ("disabled", "已停用"),
    # threshold sources
    "source_default": ("default", "默认"),
    "source_settings": ("project settings", "项目设置"),
    "source_instance": ("instance (inventory)", "实例（清单）"),
    "source_plan": ("plan", "巡检计划"),
    "source_run": ("this run", "本次运行"),
    # tiers
    "tier_daily": ("daily", "日检"),
    "tier_weekly": ("weekly", "周检"),
    "tier_monthly": ("monthly", "月检"),
    "tier_semiannual": ("semi-annual", "半年检"),
    "tier_annual": ("annual", "年检"),
    # categories
    "category_running": ("Running status", "运行状态"),
    "category_backup": ("Backup and recovery", "备份与恢复"),
    "category_errors": ("Errors and alerts", "错误与告警"),
    "category_objects": ("Objects and space", "对象与空间"),
    "category_security": ("Security", "安全"),
    "category_config": ("Parameter configuration", "参数配置"),
    "category_os": ("Host and OS", "主机与操作系统"),
    "category_performance": ("Performance", "性能"),
    # deductions
    "deduct_unreachable": ("instance unreachable — nothing could be verified: {cause}",
                           "实例不可连接，无法验证任何项目：{cause}"),
    "deduct_finding": ("{outcome} {code} {title}", "{outcome} {code} {title}"),
    "deduct_unverified": ("{code} {title}: not verified, the monitoring user lacks its privilege",
                          "{code} {title}：监控用户缺少所需权限，未能核查"),
    "deduct_finding_partial": ("{outcome} {code} {title} ({acked} of {total} objects acknowledged)",
                               "{outcome} {code} {title}（{total} 个对象中 {acked} 个已确认）"),
    "deduct_acknowledged": ("{n} acknowledged finding(s) cost no points: {codes}", "{n} 项已确认的问题不扣分：{codes}"),
    "deduct_capped": ("category {category} capped at {cap} points (raw {raw})",
                      "类别 {category} 扣分封顶 {cap} 分（原始 {raw} 分）"),
    "scoring_text": (
        "Each instance starts at 100 points. Every finding deducts points by severity "
        "(critical {critical}, warning {warning}, error {error} — an error means the item could not be verified; "
        "skipped and OK findings deduct nothing), multiplied by the weight of its category "
        "(backup {w_backup}, security {w_security}, running {w_running}, errors {w_errors}, "
        "objects {w_objects}, performance {w_performance}, host and OS {w_os}, parameter configuration {w_config}). "
        "Deductions within one category are capped at {cap} points, so one noisy area cannot hide the others. "
        "An acknowledged finding (a known issue muted with a reason, until it expires) deducts nothing; "
        "when only some of a finding's objects are acknowledged it deducts by the worst of the others. "
        "An unreachable instance scores 0. The fleet score is the mean of the instance scores. "
        "Grades: ≥90 healthy, ≥75 needs attention, ≥60 at risk, below 60 critical. "
        "The model follows Alibaba DAS (100 points, per-item deductions) and MySQLTuner (weighted categories).",
        "每个实例满分 100 分。每个问题按级别扣分（严重 {critical} 分，警告 {warning} 分，错误 {error} 分——错误表示该项无法验证；"
        "跳过与正常不扣分），再乘以其类别权重（备份 {w_backup}，安全 {w_security}，运行状态 {w_running}，错误告警 {w_errors}，"
        "对象空间 {w_objects}，性能 {w_performance}，主机 {w_os}，参数配置 {w_config}）。"
        "同一类别扣分最多 {cap} 分，避免单一类别掩盖其他问题。已确认的问题（已知问题，附原因，到期前）不扣分；"
        "仅部分对象已确认时，按其余对象中最严重的级别扣分。不可连接的实例记 0 分。整体评分为各实例评分的平均值。"
        "等级：≥90 健康，≥75 需关注，≥60 有风险，60 以下严重。"
        "该模型参考阿里云 DAS 巡检评分（百分制逐项扣分）与 MySQLTuner（分类加权）。",
    ),
}


def t(key: str, lang: str = "en", **params) -> str:
    """The fixed text ``key`` in ``lang``; ``{name}`` placeholders are filled from ``params``."""
    en, zh = _CATALOGUE[key]
    text = zh if lang.lower().startswith("zh") and zh else en
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return key in _CATALOGUE


def keys() -> list[str]:
    return list(_CATALOGUE)


def normalise_lang(lang: str | None) -> str:
    """``zh``, ``zh_CN``, ``zh-cn`` → ``zh-CN``; anything else English-like → ``en``."""
    if lang and lang.lower().replace("_", "-").startswith("zh"):
        return "zh-CN"
    if lang in (None, "", "en") or (lang and lang.lower().startswith("en")):
        return "en"
    raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGS)}")


def label(prefix: str, value: str, lang: str) -> str:
    """A catalogue label such as ``category_backup``; unknown values are shown as they are."""
    key = f"{prefix}_{value}"
    return t(key, lang) if key in _CATALOGUE else value
