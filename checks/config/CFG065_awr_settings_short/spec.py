from checks.judges import num, summary_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_rated = summary_judge([("interval_min", "interval_min"), ("retention_days", "retention_days")], problem="short")


@uses("interval_min", "retention_days")
def judge(rows, th, ctx):
    if not rows:  # DBA_HIST_WR_CONTROL has a row for the local database whenever AWR exists
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    interval = num(rows[0].get("interval_min"))
    # MODIFY_SNAPSHOT_SETTINGS(interval => 0) stores 110 years: snapshots off
    if interval is not None and (interval == 0 or interval > 100 * 365 * 1440):
        return Verdict(outcome=Outcome.WARNING, message="off", params=dict(rows[0]), evidence=rows)
    return _rated(rows, th, ctx)


SPEC = CheckSpec(
    code="CFG065",
    name="awr_settings_short",
    title=T("Oracle AWR snapshots off, too sparse, or kept too briefly", "Oracle AWR 快照关闭、间隔过长或保留期过短"),
    category="config",
    tier="monthly",
    engines={"oracle": EngineSupport(min_version="19", container="root", requires=("diagnostics_pack",),
                                     privilege="SELECT ON DBA_HIST_WR_CONTROL, SELECT ON V_$DATABASE")},
    columns=("dbid", "interval_min", "retention_days", "topnsql"),
    thresholds=(
        Threshold(name="interval_min", unit="minutes", warning=61, critical=None, direction="above",
                  rationale="Oracle's default snapshot interval is 60 minutes (catalog ORA-CFG-06; DBMS_WORKLOAD_"
                            "REPOSITORY.MODIFY_SNAPSHOT_SETTINGS); sparser snapshots blur every AWR comparison"),
        Threshold(name="retention_days", unit="days", warning=8, critical=None, direction="below",
                  rationale="Oracle's default retention is 8 days (catalog ORA-CFG-06), one week plus a day so a "
                            "weekly inspection can compare like with like; ours flags anything at or under it"),
    ),
    judge=judge,
    messages={
        "ok": T("AWR snapshots every {interval_min} minutes, kept {retention_days} days", "AWR 快照间隔 {interval_min} 分钟，保留 {retention_days} 天"),
        "short": T("AWR snapshots every {interval_min} minutes, kept {retention_days} days: sparser than the "
                   "60-minute default, or kept no longer than the 8-day default, so the performance checks of a weekly or monthly window "
                   "have little to compare",
                   "AWR 快照间隔 {interval_min} 分钟，保留 {retention_days} 天：比默认的 60 分钟更稀疏，或保留期不超过默认的 8 天，"
                   "按周或月窗口的性能检查缺少可比数据"),
        "unreadable": T("Not inspected: DBA_HIST_WR_CONTROL returned no row for this database",
                        "未检查：DBA_HIST_WR_CONTROL 未返回本数据库的行"),
        "off": T("AWR snapshots are switched off (interval {interval_min} minutes): no performance history is kept",
                 "AWR 快照已关闭（间隔 {interval_min} 分钟）：不保留任何性能历史"),
    },
    remediation=RemediationSpec(
        text=T("With the Diagnostics Pack licensed, set the interval and a retention that covers the longest "
               "inspection window plus a margin (e.g. 35 days for a monthly one), checking SYSAUX has room (OBJ009).",
               "在已授权 Diagnostics Pack 的前提下，设置快照间隔，并使保留期覆盖最长的巡检窗口再留余量（如月度巡检设 35 天），"
               "同时确认 SYSAUX 有足够空间（OBJ009）。"),
        commands={"oracle": ["EXEC DBMS_WORKLOAD_REPOSITORY.MODIFY_SNAPSHOT_SETTINGS(interval => 60, retention => 35*1440);"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_WR_CONTROL.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/tgdba/gathering-database-statistics.html"],
    ),
    timeout_s=10,
)
