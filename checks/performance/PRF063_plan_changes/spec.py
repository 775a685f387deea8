from checks.judges import num, rows_judge, uses
from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, SourcePath, T, Threshold

_rated = rows_judge([("regression", "regression_ratio")], problem="regressed")


@uses("regression_ratio", "min_executions")
def _inner(rows, th, ctx):
    """Rate only statements whose slow and fast plans both ran min_executions times (one odd run of a
    plan is no regression)."""
    floor = num(th["min_executions"].value) or 0
    return _rated([r for r in rows if (num(r.get("min_execs")) or 0) >= floor], th, ctx)


SPEC = CheckSpec(
    code="PRF063",
    name="plan_changes",
    title=T("Oracle SQL that changed execution plan, and how much slower the slow plan is (AWR or V$SQL)",
            "Oracle 执行计划发生变化的 SQL 及慢计划的慢化程度（AWR 或 V$SQL）"),
    category="performance",
    tier="semiannual",
    engines={"oracle": EngineSupport(container="root", 
        min_version="19", privilege="SELECT ON V_$INSTANCE, SELECT ON V_$SQL",
        paths=(SourcePath(name="awr", privilege="SELECT ON DBA_HIST_SNAPSHOT, SELECT ON DBA_HIST_SQLSTAT, SELECT ON V_$DATABASE"),))},
    columns=(*BASIS_COLUMNS, "counters_since", "con_id", "sql_id", "plans", "slow_plan", "slow_ms", "slow_execs", "fast_plan", "fast_ms",
             "fast_execs", "min_execs", "regression", "elapsed_s"),
    thresholds=(
        Threshold(name="regression_ratio", unit="× slower per execution", warning=2, critical=10, direction="above",
                  rationale="database.ink weekly 'SQL 执行计划变化' (catalog ORA-PERF-04) lists SQL whose PLAN_HASH_VALUE "
                            "changed; a plan twice / ten times slower per execution than the statement's other plan is a "
                            "regression worth a SQL plan baseline (levels ours)"),
        Threshold(name="min_executions", unit="executions per plan", kind="guard", value=5,
                  rationale="both plans must have run at least 5 times in the basis: one odd execution (other binds) is "
                            "no regression (ours)"),
    ),
    judge=perf_judge([], key="sql_id", inner=_inner),
    messages={
        **messages_common(),
        "ok": T("No plan regression: {total} statement(s) ran with more than one plan, none {regression_ratio_warning}× "
                "slower on one of them (plans run fewer times than the min_executions guard are not rated; source: {basis_en})",
                "没有执行计划退化：{total} 条语句使用过多个计划，没有慢 {regression_ratio_warning} 倍的计划"
                "（执行次数低于 min_executions 保护值的计划不评估；来源：{basis_zh}）"),
        "regressed": T("SQL {sql_id} ran with {plans} plans: plan {slow_plan} took {slow_ms} ms per execution ({slow_execs} "
                       "executions), plan {fast_plan} {fast_ms} ms ({fast_execs}) — {regression}× slower (threshold "
                       "{regression_ratio_warning}×; source: {basis_en})",
                       "SQL {sql_id} 使用过 {plans} 个计划：计划 {slow_plan} 每次执行 {slow_ms} 毫秒（{slow_execs} 次），计划 "
                       "{fast_plan} 为 {fast_ms} 毫秒（{fast_execs} 次）——慢 {regression} 倍（阈值 {regression_ratio_warning} 倍；"
                       "来源：{basis_zh}）"),
    },
    remediation=RemediationSpec(
        text=T("Compare the two plans (DBMS_XPLAN.DISPLAY_CURSOR / DISPLAY_AWR with the pack) and find why the optimizer "
               "switched (new statistics, bind peeking, an index change). To pin the good plan, load it into a SQL plan "
               "baseline (DBMS_SPM.LOAD_PLANS_FROM_CURSOR_CACHE, Enterprise Edition, no pack needed) after testing; it loads "
               "only a plan still in the cursor cache (V$SQL), and loading one from AWR instead "
               "(DBMS_SPM.LOAD_PLANS_FROM_AWR) reads AWR, which needs the Diagnostics Pack. In a CDB, run both in the "
               "statement's PDB (con_id; ALTER SESSION SET CONTAINER).",
               "比较两个计划（DBMS_XPLAN.DISPLAY_CURSOR；有 pack 时用 DISPLAY_AWR），查明优化器切换计划的原因（新统计信息、绑定变量"
               "窥探、索引变更）。经测试后，可将好的计划载入 SQL 计划基线（DBMS_SPM.LOAD_PLANS_FROM_CURSOR_CACHE，企业版，无需 pack）；"
               "它只能载入仍在游标缓存（V$SQL）中的计划，改从 AWR 载入（DBMS_SPM.LOAD_PLANS_FROM_AWR）需读取 AWR，须有 Diagnostics "
               "Pack 许可。在 CDB 中，请在该语句所在的 PDB（con_id；ALTER SESSION SET CONTAINER）中执行。"),
        commands={"oracle": ["SELECT * FROM TABLE(DBMS_XPLAN.DISPLAY_CURSOR('<sql_id>', NULL, 'TYPICAL'));",
                             "DECLARE n PLS_INTEGER; BEGIN n := DBMS_SPM.LOAD_PLANS_FROM_CURSOR_CACHE(sql_id => '<sql_id>', "
                             "plan_hash_value => <fast_plan>); END;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SQL.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/tgsql/managing-sql-plan-baselines.html"],
    ),
    timeout_s=60,
    basis="cumulative",
    object_key=("con_id", "sql_id"),
)
