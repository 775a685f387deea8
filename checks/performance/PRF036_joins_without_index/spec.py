from checks.judges import num, uses
from checks.performance._mycounters import NO_ROW, days_of, messages
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome


def total(row) -> dict:
    return {"joins_without_index": (num(row.get("full_joins")) or 0) + (num(row.get("range_check_joins")) or 0)}


@uses("joins_per_day", "min_days")
def judge(rows, th, ctx) -> Verdict:
    # A per-day rate as MySQLTuner computes it (joins without indexes / days of uptime), over at least min_days:
    # a young counter (a restart, a short window) is divided by a whole day, never extrapolated to one.
    if not rows:
        return Verdict(outcome=Outcome.ERROR, message="no_row", evidence=[])
    row = {**rows[0], **total(rows[0])}
    floor = th["min_days"].value or 0
    days = max(days_of(row), floor)
    row["joins_per_day"] = round(row["joins_without_index"] / days, 1) if days > 0 else None
    outcome = th["joins_per_day"].classify(row["joins_per_day"])
    params = {**row, "value": row["joins_per_day"], "min_days": floor, "days_counted": round(days_of(row), 2)}
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=[row])


# Over the window: Select_full_join and Select_range_check from my.status snapshots, less dbpatrol's own (the
# inspection's information_schema joins, ~27 full joins a run): checks.window.own_share, mysql-perf-review S1.
WINDOW = WindowSpec(source="my.status", counters={"full_joins": "select_full_join",
                                                   "range_check_joins": "select_range_check"})

SPEC = CheckSpec(
    code="PRF036",
    name="joins_without_index",
    title=T("Joins run without a usable index", "连接查询未使用索引"),
    category="performance",
    tier="semiannual",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("full_joins", "range_check_joins", "join_buffer_size", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="joins_per_day", unit="joins/day", warning=250, critical=2500, direction="above",
                  rationale="MySQLTuner warns above 250 joins performed without indexes a day (Select_full_join + "
                            "Select_range_check over the uptime's days; catalog MY-PERF-02); ten times that critical "
                            "is dbpatrol's"),
        Threshold(name="min_days", unit="days", kind="guard", value=1,
                  rationale="a per-day rate needs a day of counting: younger counters (a restart, a short window) are "
                            "divided by one day, so a burst is not extrapolated to a day"),
    ),
    judge=judge,
    messages={
        **messages({
            "ok": T("{joins_without_index} joins without a usable index {basis} ({full_joins} full, "
                    "{range_check_joins} range-checked): {value} a day over {days_counted} days, at least "
                    "{min_days} (threshold {joins_per_day_warning})",
                    "{basis}未使用索引的连接 {joins_without_index} 次（全表 {full_joins} 次，逐行检查范围 "
                    "{range_check_joins} 次）：按 {days_counted} 天、至少 {min_days} 天计每天 {value} 次（阈值 "
                    "{joins_per_day_warning}）"),
            "problem": T("{joins_without_index} joins ran without a usable index {basis}: {value} a day over "
                         "{days_counted} days, at least {min_days} (threshold {joins_per_day_warning}); "
                         "{full_joins} scanned the joined table for every row, {range_check_joins} re-checked a "
                         "range per row",
                         "{basis}{joins_without_index} 次连接未使用索引：按 {days_counted} 天、至少 {min_days} 天计每天 "
                         "{value} 次（阈值 {joins_per_day_warning}）；其中 {full_joins} 次对被连接表逐行全表扫描，"
                         "{range_check_joins} 次逐行检查范围"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("Find the statements (performance_schema digests with SUM_SELECT_FULL_JOIN > 0; sys."
               "statements_with_full_table_scans; PRF041) and index the join columns of the inner table; EXPLAIN shows "
               "'Using join buffer' / 'Range checked for each record'. Raising join_buffer_size only makes the scans "
               "cheaper, not fewer.",
               "找出相关语句（performance_schema 摘要中 SUM_SELECT_FULL_JOIN > 0；sys.statements_with_full_table_scans；"
               "PRF041），为被驱动表的连接列建索引；EXPLAIN 会显示 'Using join buffer' / 'Range checked for each record'。"
               "调大 join_buffer_size 只会让扫描更快，不会减少扫描。"),
        commands={
            "mysql": ["SELECT schema_name, digest_text, sum_select_full_join FROM performance_schema."
                      "events_statements_summary_by_digest WHERE sum_select_full_join > 0 ORDER BY 3 DESC LIMIT 10;"],
            "mariadb": ["SELECT schema_name, digest_text, sum_select_full_join FROM performance_schema."
                        "events_statements_summary_by_digest WHERE sum_select_full_join > 0 ORDER BY 3 DESC LIMIT 10;"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/server-status-variables.html#statvar_Select_full_join",
                    "https://mariadb.com/kb/en/server-status-variables/#select_full_join"],
    ),
    timeout_s=5,
)
