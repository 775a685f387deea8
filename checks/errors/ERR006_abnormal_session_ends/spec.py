from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

_rate = rows_judge([("abnormal_pct", "abnormal_pct"), ("abandoned_pct", "abandoned_pct")])


def _pct(part, whole):
    return round(100.0 * part / whole, 2) if whole else None


@uses("abnormal_pct", "abandoned_pct", "min_sessions")
def judge(rows, th, ctx) -> Verdict:
    # A share of a handful of sessions says nothing (1 killed of 11 is 9 %): databases with fewer
    # sessions than the min_sessions guard since their counters started are listed, not rated.
    minimum = th["min_sessions"].value or 0
    shares = []
    for r in rows:
        sessions = int(num(r.get("sessions")) or 0)
        fatal_killed = int(num(r.get("sessions_fatal")) or 0) + int(num(r.get("sessions_killed")) or 0)
        abandoned = int(num(r.get("sessions_abandoned")) or 0)
        shares.append({**r, "fatal_killed": fatal_killed, "abnormal_pct": _pct(fatal_killed, sessions),
                       "abandoned_pct": _pct(abandoned, sessions)})
    rated = sorted((r for r in shares if int(num(r.get("sessions")) or 0) >= minimum),
                   key=lambda r: -(r["abnormal_pct"] or 0))  # the OK message names the highest share
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok_few", params={"min_sessions": minimum, "total": len(rows)},
                       evidence=shares[:10], objects={})
    verdict = _rate(rated, th, ctx)
    verdict.params["min_sessions"] = minimum
    return verdict


SPEC = CheckSpec(
    code="ERR006",
    name="abnormal_session_ends",
    title=T("Sessions ending abnormally (fatal, killed, abandoned)", "会话异常结束（致命错误、被终止、被客户端遗弃）"),
    category="errors",
    tier="daily",
    engines={
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash while the postmaster ran
        # (17+'s pg_stat_reset_shared() stamps the shared views as a crash does, and must not restart the counters)
        # Over the window: the four session counters as in-window increases of pg.database snapshots (the judge
        # makes the shares from them, so nothing else is recomputed).
        "postgresql": EngineSupport(min_version="14", privilege="pg_read_all_stats",
                                    window=WindowSpec(source="pg.database", match=("scope",),
                                                      counters={c: c for c in ("sessions", "sessions_fatal",
                                                                               "sessions_killed", "sessions_abandoned")})),
    },
    columns=("scope", "sessions", "sessions_fatal", "sessions_killed", "sessions_abandoned", "counters_since"),
    object_key=("scope",),
    basis="cumulative",
    thresholds=(
        Threshold(name="abnormal_pct", unit="% of sessions", warning=1, critical=5, direction="above",
                  rationale="catalog PG-ERR-04 (pg_stat_database session counters) names no anchor level: 1 % / 5 % of "
                            "sessions ending in a FATAL error or terminated, since the counters started"),
        Threshold(name="abandoned_pct", unit="% of sessions", warning=50, direction="above",
                  rationale="abandoned (the client vanished without a Terminate message) is routine with JDBC pools "
                            "and firewalls dropping idle connections: judged apart, only when it is most sessions"),
        Threshold(name="min_sessions", unit="sessions", kind="guard", value=1000,
                  rationale="a minimum sample: below 1,000 sessions since the counters started a database's shares "
                            "are not rated (1 killed of 11 sessions is 9 % and says nothing)"),
    ),
    judge=judge,
    messages={
        "ok": T("abnormal session ends: at most {value}% fatal or killed, in {scope} ({fatal_killed} of {sessions} "
                "sessions since {counters_since}, when these counters started — the last stats reset or crash; "
                "{abandoned_pct}% abandoned)",
                "会话异常结束：{scope} 最多，致命错误或被终止占 {value}%（自 {counters_since}（计数起点：最近一次统计重置或实例崩溃）"
                "以来 {sessions} 个会话中 {fatal_killed} 个；被遗弃占 {abandoned_pct}%）"),
        "ok_few": T("no database has {min_sessions} sessions since its counters started (the last stats reset or "
                    "crash): session ends not rated",
                    "自计数起点（最近一次统计重置或实例崩溃）以来没有数据库达到 {min_sessions} 个会话：不评估会话异常结束"),
        "problem": T("sessions in {scope} end abnormally: {abnormal_pct}% fatal or killed (fatal {sessions_fatal}, killed "
                     "{sessions_killed}; threshold {abnormal_pct_warning}%) and {abandoned_pct}% abandoned "
                     "({sessions_abandoned}; threshold {abandoned_pct_warning}%) of {sessions} sessions since "
                     "{counters_since}, when these counters started — the last stats reset or crash",
                     "{scope} 的会话异常结束：致命错误或被终止占 {abnormal_pct}%（致命错误 {sessions_fatal}、被终止 "
                     "{sessions_killed}；阈值 {abnormal_pct_warning}%），被遗弃占 {abandoned_pct}%（{sessions_abandoned} 个；"
                     "阈值 {abandoned_pct_warning}%），共 {sessions} 个会话，自 {counters_since}（计数起点：最近一次统计重置或"
                     "实例崩溃）起"),
        "window.ok": T("abnormal session ends in the window: at most {value}% fatal or killed, in {scope} ({fatal_killed} "
                       "of {sessions} sessions from {window_since} to {window_until}, from snapshots covering "
                       "{coverage_pct}% of the window; {abandoned_pct}% abandoned)",
                       "窗口内会话异常结束：{scope} 最多，致命错误或被终止占 {value}%（快照 {window_since} 至 {window_until}，"
                       "覆盖窗口 {coverage_pct}%：{sessions} 个会话中 {fatal_killed} 个；被遗弃占 {abandoned_pct}%）"),
        "window.ok_few": T("no database has {min_sessions} sessions in the window ({window_since} to {window_until} from "
                           "snapshots, {coverage_pct}% of the window): session ends not rated",
                           "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）没有数据库达到 "
                           "{min_sessions} 个会话：不评估会话异常结束"),
        "window.problem": T("sessions in {scope} ended abnormally in the window: {abnormal_pct}% fatal or killed (fatal "
                            "{sessions_fatal}, killed {sessions_killed}; threshold {abnormal_pct_warning}%) and "
                            "{abandoned_pct}% abandoned ({sessions_abandoned}; threshold {abandoned_pct_warning}%) of "
                            "{sessions} sessions from {window_since} to {window_until}, from snapshots covering "
                            "{coverage_pct}% of the window",
                            "窗口内 {scope} 的会话异常结束：致命错误或被终止占 {abnormal_pct}%（致命错误 {sessions_fatal}、"
                            "被终止 {sessions_killed}；阈值 {abnormal_pct_warning}%），被遗弃占 {abandoned_pct}%"
                            "（{sessions_abandoned} 个；阈值 {abandoned_pct_warning}%），共 {sessions} 个会话（快照 "
                            "{window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）"),
    },
    remediation=RemediationSpec(
        text=T("fatal: read FATAL lines in the server log (out of memory, idle_in_transaction_session_timeout, "
               "disk errors); killed: find who calls pg_terminate_backend (operators, scheduled jobs, poolers); "
               "abandoned: clients or firewalls dropping connections — usually harmless with connection pools, "
               "otherwise check network timeouts and application crashes.",
               "致命错误：查看数据库日志中的 FATAL（内存不足、idle_in_transaction_session_timeout、磁盘错误）；"
               "被终止：查明谁调用了 pg_terminate_backend（运维、定时任务、连接池）；被遗弃：客户端或防火墙断开连接，"
               "使用连接池时通常无害，否则检查网络超时和应用崩溃。"),
        commands={
            "postgresql": [
                "SELECT datname, sessions, sessions_fatal, sessions_killed, sessions_abandoned, stats_reset FROM pg_stat_database;",
                "grep ' FATAL: ' /var/log/postgresql/postgresql-*-main.log | tail -50",
            ],
        },
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW"],
    ),
    timeout_s=5,
)
