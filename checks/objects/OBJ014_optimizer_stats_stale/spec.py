from checks.judges import num, summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _autotask(row, ctx):
    if str(row.get("autotask_status") or "").upper() == "DISABLED":
        return Outcome.WARNING, "autotask_off"
    # A run cut off by the end of its maintenance window is TIMED OUT (FAILED on an error) with an END_TIME
    # all the same: the last auto run not completing is a finding of its own, whatever the age of the last
    # one that did (the SQL's last_auto_gather counts COMPLETED runs only).
    if str(row.get("last_auto_status") or "").upper() in ("TIMED OUT", "FAILED"):
        return Outcome.WARNING, "not_completing"
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
                                               "SELECT ON DBA_AUTOTASK_CLIENT, SELECT ON DBA_OPTSTAT_OPERATIONS, "
                                               "SELECT ON DBA_EXTERNAL_TABLES")},
    columns=("tables", "stale_tables", "unanalyzed_tables", "stale_pct", "example", "autotask_status",
             "last_auto_gather", "days_since_auto_gather", "last_auto_status", "auto_not_completed_7d"),
    thresholds=(
        Threshold(name="stale_pct", unit="% of tables", warning=10, critical=30, direction="above",
                  rationale="catalog ORA-OBJ-04 names no level; 10 / 30 % of application tables stale or never "
                            "analyzed are ours (a few stale tables between nightly runs are normal)"),
        Threshold(name="days_since_auto_gather", unit="days", warning=2, critical=7, direction="above",
                  rationale="the automatic job runs in every daily maintenance window (Oracle SQL Tuning Guide 19c, "
                            "'Configuring Automatic Optimizer Statistics Collection'): 2 days without a COMPLETED run "
                            "is a missed window, 7 a week of drift (ours); DBA_OPTSTAT_OPERATIONS.STATUS TIMED OUT "
                            "('maintenance window was not enough', Oracle Database Reference 19c) is not finished"),
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
        "not_completing": T("The automatic optimizer statistics job's last run did not complete ({last_auto_status}; "
                            "{auto_not_completed_7d} auto run(s) timed out or failed in the last 7 days): the "
                            "maintenance window is too short for what it has to gather, or a table fails; last "
                            "COMPLETED run {last_auto_gather}; {stale_tables} of {tables} application tables stale, "
                            "{unanalyzed_tables} never analyzed",
                            "自动优化器统计信息作业最近一次运行未完成（{last_auto_status}；近 7 天有 {auto_not_completed_7d} 次"
                            "自动运行超时或失败）：维护窗口不足以完成收集，或某张表收集失败；最近一次 COMPLETED 的运行为 "
                            "{last_auto_gather}；{tables} 张应用表中 {stale_tables} 张过期，{unanalyzed_tables} 张从未收集"),
        "never_ran": T("The automatic optimizer statistics job is enabled but has never completed a run "
                       "(DBA_OPTSTAT_OPERATIONS has no COMPLETED 'gather_database_stats(auto)'): check the maintenance windows",
                       "自动优化器统计信息作业已启用但从未完成过（DBA_OPTSTAT_OPERATIONS 中没有 COMPLETED 的 'gather_database_stats(auto)'）："
                       "请检查维护窗口"),
    },
    remediation=RemediationSpec(
        text=T("Enable the automatic job (DBMS_AUTO_TASK_ADMIN.ENABLE) and check its maintenance windows "
               "(DBA_AUTOTASK_WINDOW_CLIENTS) are long enough; gather the stale schemas now with DBMS_STATS "
               "(GATHER_SCHEMA_STATS options => 'GATHER AUTO') outside peak hours. When the auto runs time out, "
               "lengthen the maintenance windows or gather the largest tables in a job of their own, and read "
               "NOTES of the runs that failed.",
               "启用自动作业（DBMS_AUTO_TASK_ADMIN.ENABLE）并确认其维护窗口（DBA_AUTOTASK_WINDOW_CLIENTS）足够长；"
               "在业务低峰期用 DBMS_STATS（GATHER_SCHEMA_STATS，options => 'GATHER AUTO'）收集过期模式的统计信息。"
               "自动运行超时的，延长维护窗口或为最大的表单独建作业收集，并查看失败运行的 NOTES。"),
        commands={"oracle": [
            "EXEC DBMS_AUTO_TASK_ADMIN.ENABLE(client_name => 'auto optimizer stats collection', operation => NULL, window_name => NULL);",
            "EXEC DBMS_STATS.GATHER_SCHEMA_STATS(ownname => '<owner>', options => 'GATHER AUTO');",
            "SELECT owner, table_name, stale_stats, last_analyzed FROM dba_tab_statistics WHERE stale_stats = 'YES' ORDER BY 1, 2;",
            "SELECT start_time, end_time, status, notes FROM dba_optstat_operations "
            "WHERE operation LIKE 'gather_database_stats%auto%' ORDER BY start_time DESC FETCH FIRST 14 ROWS ONLY;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_TAB_STATISTICS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/tgsql/gathering-optimizer-statistics.html"],
    ),
    timeout_s=60,
)
