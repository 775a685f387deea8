from checks.judges import each_row, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

_rate = each_row("slow_pct", "slow_pct")


@uses("slow_pct", "min_questions", "long_query_time_min", "long_query_time_max")
def judge(rows, th, ctx) -> Verdict:
    row = dict(rows[0]) if rows else {}
    lqt = num(row.get("long_query_time"))
    low, high = th["long_query_time_min"].value, th["long_query_time_max"].value
    params = {**row, "long_query_time_min": low, "long_query_time_max": high}
    if lqt is None or (low is not None and lqt < low) or (high is not None and lqt > high):
        # At 10 s (the default) almost nothing counts; at 0 every statement does: the share says nothing.
        return Verdict(outcome=Outcome.SKIPPED, message="not_applicable", params=params)
    minimum = th["min_questions"].value or 0
    if (num(row.get("questions")) or 0) < minimum:
        return Verdict(outcome=Outcome.OK, message="ok_few", params={**params, "min_questions": minimum})
    verdict = _rate(rows, th, ctx)
    if verdict.outcome is not Outcome.OK and str(row.get("slow_query_log")).upper() != "ON":
        verdict.message = "problem_unlogged"
    verdict.params.update(long_query_time_min=low, long_query_time_max=high)
    return verdict


def window_share(row) -> dict:
    """Window rows: questions and slow_queries are the in-window increases, so the share is recomputed."""
    questions, slow = num(row.get("questions")) or 0, num(row.get("slow_queries")) or 0
    return {"slow_pct": round(100.0 * slow / questions, 3) if questions else None}


# Over the window: Questions and Slow_queries from my.status snapshots (FLUSH STATUS zeroes neither; a restart
# moves the epoch). The check's own SQL leaves this session's statements out; a delta between snapshots cannot:
# the sampler's few statements per snapshot (the status queries, each one statement carrying its own
# max_statement_time; and its session's setup) are in the window's Questions. They are never slow (long_query_time ≥ 0.5 s
# here) and a handful per sample against the min_questions guard of 10,000, so the share hardly moves.
WINDOW = WindowSpec(source="my.status", counters={"questions": "questions", "slow_queries": "slow_queries"},
                    derive=window_share)


SPEC = CheckSpec(
    code="ERR007",
    name="slow_queries_ratio",
    title=T("High share of slow queries", "慢查询占比过高"),
    category="errors",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("questions", "slow_queries", "slow_pct", "long_query_time", "slow_query_log", "counters_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="slow_pct", unit="% of questions", warning=5, critical=10, direction="above",
                  rationale="MySQLTuner flags slow queries above 5 % of questions (catalog MY-ERR-04); 10 % critical"),
        Threshold(name="min_questions", unit="statements", kind="guard", value=10000,
                  rationale="a minimum sample: below 10,000 statements since the counters started the share is not "
                            "rated (MySQLTuner itself wants 24 h of uptime before judging)"),
        Threshold(name="long_query_time_min", unit="s", kind="guard", value=0.5,
                  rationale="below 0.5 s ordinary OLTP statements count as slow and the share nears 100 %: the check "
                            "does not apply (Slow_queries follows long_query_time)"),
        Threshold(name="long_query_time_max", unit="s", kind="guard", value=5,
                  rationale="above 5 s (the default is 10 s) almost nothing counts as slow and the share is always "
                            "near 0: the check does not apply; cloud services use 1 s"),
    ),
    judge=judge,
    messages={
        "ok": T("{slow_queries} slow queries of {questions} statements since server start {counters_since} (FLUSH "
                "STATUS does not reset them; cumulative, not a window delta): {value}%, long_query_time {long_query_time} s",
                "自实例启动 {counters_since}（FLUSH STATUS 不会清零；累计值，非窗口内增量）以来 {questions} 条语句中慢查询 "
                "{slow_queries} 条：{value}%，long_query_time {long_query_time} 秒"),
        "ok_few": T("only {questions} statements since server start {counters_since} (fewer than {min_questions}): the share of slow "
                    "queries is not rated yet",
                    "自实例启动 {counters_since} 以来仅 {questions} 条语句（不足 {min_questions} 条）：暂不评估慢查询占比"),
        "not_applicable": T("not applicable: long_query_time is {long_query_time} s, outside {long_query_time_min}–"
                            "{long_query_time_max} s, so the share of slow queries says nothing (at 10 s almost nothing "
                            "counts, near 0 everything does)",
                            "不适用：long_query_time 为 {long_query_time} 秒，不在 {long_query_time_min}–{long_query_time_max} "
                            "秒之间，慢查询占比没有意义（10 秒时几乎不计入，接近 0 时全部计入）"),
        "problem": T("{value}% of statements were slow since server start {counters_since} (FLUSH STATUS does not "
                     "reset them; cumulative, not a window delta): {slow_queries} of {questions}, long_query_time {long_query_time} "
                     "s; threshold {slow_pct_warning}%",
                     "自实例启动 {counters_since}（FLUSH STATUS 不会清零；累计值，非窗口内增量）以来 {value}% 的语句为慢查询："
                     "{questions} 条中 {slow_queries} 条，long_query_time {long_query_time} 秒；阈值 {slow_pct_warning}%"),
        "problem_unlogged": T("{value}% of statements were slow since server start {counters_since} (FLUSH STATUS "
                              "does not reset them; cumulative, not a window delta): {slow_queries} of {questions}, long_query_time "
                              "{long_query_time} s; threshold {slow_pct_warning}%. slow_query_log is OFF, so none of "
                              "them was logged: turn it on to find them",
                              "自实例启动 {counters_since}（FLUSH STATUS 不会清零；累计值，非窗口内增量）以来 {value}% 的语句为"
                              "慢查询：{questions} 条中 {slow_queries} 条，long_query_time {long_query_time} 秒；阈值 "
                              "{slow_pct_warning}%。slow_query_log 为 OFF，这些语句均未记录：请开启以便定位"),
        "window.ok": T("{slow_queries} slow queries of {questions} statements in the window ({window_since} to "
                       "{window_until} from snapshots, {coverage_pct}% of the window): {value}%, long_query_time "
                       "{long_query_time} s",
                       "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）{questions} 条语句中慢查询 "
                       "{slow_queries} 条：{value}%，long_query_time {long_query_time} 秒"),
        "window.ok_few": T("only {questions} statements in the window ({window_since} to {window_until} from snapshots, "
                           "{coverage_pct}% of the window; fewer than {min_questions}): the share of slow queries is "
                           "not rated",
                           "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）仅 {questions} 条语句"
                           "（不足 {min_questions} 条）：不评估慢查询占比"),
        "window.problem": T("{value}% of statements were slow in the window ({window_since} to {window_until} from "
                            "snapshots, {coverage_pct}% of the window): {slow_queries} of {questions}, long_query_time "
                            "{long_query_time} s; threshold {slow_pct_warning}%",
                            "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）{value}% 的语句为慢查询："
                            "{questions} 条中 {slow_queries} 条，long_query_time {long_query_time} 秒；阈值 {slow_pct_warning}%"),
        "window.problem_unlogged": T("{value}% of statements were slow in the window ({window_since} to {window_until} "
                                     "from snapshots, {coverage_pct}% of the window): {slow_queries} of {questions}, "
                                     "long_query_time {long_query_time} s; threshold {slow_pct_warning}%. slow_query_log "
                                     "is OFF, so none of them was logged: turn it on to find them",
                                     "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）{value}% 的语句为"
                                     "慢查询：{questions} 条中 {slow_queries} 条，long_query_time {long_query_time} 秒；阈值 "
                                     "{slow_pct_warning}%。slow_query_log 为 OFF，这些语句均未记录：请开启以便定位"),
    },
    remediation=RemediationSpec(
        text=T("Turn on the slow query log (slow_query_log = ON, dynamic; long_query_time around 1 s), summarise it with "
               "pt-query-digest or mariadb-dumpslow, and fix the top statements (indexes, rewrites). Persist the "
               "settings in the config.",
               "开启慢查询日志（slow_query_log = ON，可在线修改；long_query_time 约 1 秒），用 pt-query-digest 或 "
               "mariadb-dumpslow 汇总，优先优化耗时最多的语句（加索引、改写 SQL），并将设置写入配置文件。"),
        commands={
            "mysql": [
                "SET PERSIST slow_query_log = ON; SET PERSIST long_query_time = 1;",
                "SELECT @@slow_query_log_file;",
                "pt-query-digest /var/lib/mysql/$(hostname)-slow.log | head -100",
            ],
            "mariadb": [
                "SET GLOBAL slow_query_log = ON; SET GLOBAL long_query_time = 1;  -- also in my.cnf [mariadb]",
                "SELECT @@slow_query_log_file;",
                "mariadb-dumpslow -s t /var/lib/mysql/$(hostname)-slow.log | head -50",
            ],
        },
        references=["https://mariadb.com/kb/en/slow-query-log-overview/",
                    "https://dev.mysql.com/doc/refman/8.0/en/slow-query-log.html"],
    ),
    timeout_s=5,
)
