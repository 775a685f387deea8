from checks.judges import num, summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _autotask(row, ctx):
    if str(row.get("autotask_status") or "").upper() == "DISABLED":
        return Outcome.WARNING, "autotask_off"
    if row.get("last_auto_gather") is None and str(row.get("autotask_status") or "").upper() == "ENABLED":
        return Outcome.WARNING, "never_ran"
    return None


SPEC = CheckSpec(
    code="OBJ014",
    name="optimizer_stats_stale",
    title=T("Oracle optimizer statistics stale or missing, or the automatic statistics job off",
            "Oracle 优化器统计信息过期或缺失，或自动统计信息作业未运行"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", container="pdb",
                                     privilege="SELECT ON DBA_TAB_STATISTICS, SELECT ON DBA_TABLES, SELECT ON DBA_USERS, "
                                               "SELECT ON DBA_AUTOTASK_CLIENT, SELECT ON DBA_OPTSTAT_OPERATIONS")},
    columns=("tables", "stale_tables", "unanalyzed_tables", "stale_pct", "example", "autotask_status",
             "last_auto_gather", "days_since_auto_gather"),
    thresholds=(
        Threshold(name="stale_pct", unit="% of tables", warning=10, critical=30, direction="above",
                  rationale="catalog ORA-OBJ-04 names no level; 10 / 30 % of application tables stale or never "
                            "analyzed are ours (a few stale tables between nightly runs are normal)"),
        Threshold(name="days_since_auto_gather", unit="days", warning=2, critical=7, direction="above",
                  rationale="the automatic job runs in every daily maintenance window (Oracle SQL Tuning Guide 19c, "
                            "'Configuring Automatic Optimizer Statistics Collection'): 2 days without a finished run "
                            "is a missed window, 7 a week of drift (ours)"),
    ),
    judge=summary_judge([("stale_pct", "stale_pct"), ("days_since_auto_gather", "days_since_auto_gather")],
                        problem="stale", flag=_autotask),
    messages={
        "ok": T("{stale_tables} stale and {unanalyzed_tables} never-analyzed of {tables} application tables "
                "({stale_pct}%); the automatic statistics job is {autotask_status}, last finished {last_auto_gather}",
                "{tables} 张应用表中 {stale_tables} 张统计信息过期、{unanalyzed_tables} 张从未收集（{stale_pct}%）；"
                "自动统计信息作业状态 {autotask_status}，最近完成于 {last_auto_gather}"),
        "stale": T("{stale_pct}% of {tables} application tables have stale or no statistics ({stale_tables} stale, "
                   "{unanalyzed_tables} never analyzed, e.g. {example}); the automatic job last finished "
                   "{last_auto_gather} ({days_since_auto_gather} days ago)",
                   "{tables} 张应用表中 {stale_pct}% 的统计信息过期或缺失（{stale_tables} 张过期，{unanalyzed_tables} 张"
                   "从未收集，如 {example}）；自动作业最近完成于 {last_auto_gather}（{days_since_auto_gather} 天前）"),
        "autotask_off": T("The automatic optimizer statistics job is DISABLED ({stale_tables} of {tables} application "
                          "tables stale, {unanalyzed_tables} never analyzed): statistics drift unless a site job "
                          "gathers them",
                          "自动优化器统计信息作业已禁用（{tables} 张应用表中 {stale_tables} 张过期，{unanalyzed_tables} 张从未"
                          "收集）：除非有站点自己的作业收集，否则统计信息会逐渐失真"),
        "never_ran": T("The automatic optimizer statistics job is enabled but has never finished a run "
                       "(DBA_OPTSTAT_OPERATIONS has no 'gather_database_stats(auto)'): check the maintenance windows",
                       "自动优化器统计信息作业已启用但从未完成过（DBA_OPTSTAT_OPERATIONS 中没有 'gather_database_stats(auto)'）："
                       "请检查维护窗口"),
    },
    remediation=RemediationSpec(
        text=T("Enable the automatic job (DBMS_AUTO_TASK_ADMIN.ENABLE) and check its maintenance windows "
               "(DBA_AUTOTASK_WINDOW_CLIENTS) are long enough; gather the stale schemas now with DBMS_STATS "
               "(GATHER_SCHEMA_STATS options => 'GATHER AUTO') outside peak hours.",
               "启用自动作业（DBMS_AUTO_TASK_ADMIN.ENABLE）并确认其维护窗口（DBA_AUTOTASK_WINDOW_CLIENTS）足够长；"
               "在业务低峰期用 DBMS_STATS（GATHER_SCHEMA_STATS，options => 'GATHER AUTO'）收集过期模式的统计信息。"),
        commands={"oracle": [
            "EXEC DBMS_AUTO_TASK_ADMIN.ENABLE(client_name => 'auto optimizer stats collection', operation => NULL, window_name => NULL);",
            "EXEC DBMS_STATS.GATHER_SCHEMA_STATS(ownname => '<owner>', options => 'GATHER AUTO');",
            "SELECT owner, table_name, stale_stats, last_analyzed FROM dba_tab_statistics WHERE stale_stats = 'YES' ORDER BY 1, 2;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_TAB_STATISTICS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/tgsql/gathering-optimizer-statistics.html"],
    ),
    timeout_s=60,
)
