from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome


def _truthy(v) -> bool:
    return v is not None and str(v).lower() in ("1", "true", "t", "yes")


@uses("used_pct", "peak_pct")
def judge(rows, th, ctx) -> Verdict:
    """Connections in use now; and the high-water mark when the server says it was reached inside the window."""
    if not rows:
        return Verdict(outcome=Outcome.ERROR, message="no_data", evidence=[])
    row = rows[0]
    now = th["used_pct"].classify(num(row.get("used_pct")))
    peak = th["peak_pct"].classify(num(row.get("peak_pct"))) if _truthy(row.get("peak_in_window")) else Outcome.OK
    if now is not Outcome.OK and now.rank >= peak.rank:
        outcome, key = now, "problem"
    elif peak is not Outcome.OK:
        outcome, key = peak, "peak"
    elif row.get("peak_connections") is None:
        outcome, key = Outcome.OK, "ok"
    elif row.get("peak_at") is None:
        outcome, key = Outcome.OK, "ok_peak_since_start"
    else:
        outcome, key = Outcome.OK, "ok_peak"
    return Verdict(outcome=outcome, message=key, params={**row, "value": num(row.get("used_pct"))}, evidence=rows)


def window_peak_my(row) -> dict:
    """MySQL/MariaDB window rows: sampled_peak_connections is the highest Threads_connected the snapshots read
    (sampled_peak_at when), less the sampler's own connection. The server's own high-water mark
    (Max_used_connections) catches what falls between snapshots: when it was reached inside the window (MySQL 8,
    MariaDB 11.0.2+ say when) and is at least the sampled peak, it is the window's peak and stays; otherwise
    (MariaDB before 11.0.2, or a mark older than the window) the sampled peak is, against max_connections now."""
    raw = num(row.get("sampled_peak_connections"))
    sampled = None if raw is None else max(int(raw) - 1, 0)
    out = {"sampled_peak_connections": sampled}
    native = num(row.get("peak_connections"))
    if _truthy(row.get("peak_in_window")) and native is not None and (raw is None or native >= raw):
        return out
    limit = num(row.get("max_connections"))
    return {**out, "peak_connections": sampled, "peak_at": row.get("sampled_peak_at"), "peak_in_window": True,
            "peak_pct": round(100.0 * sampled / limit, 1) if sampled is not None and limit else None}


# Over the window the current state is still judged (used_pct, from the check's SQL) and the peak is the
# window's, from the session gauges the snapshots read: on PostgreSQL, which keeps no high-water mark, the
# highest used_pct of pg.activity (peak_at when; peak_connections the highest count, the same snapshot unless
# max_connections changed inside the window).
PG_WINDOW = WindowSpec(source="pg.activity", peaks={"peak_pct": "used_pct", "peak_connections": "connections"},
                       peak_at="peak_at", set={"peak_in_window": True})
MY_WINDOW = WindowSpec(source="my.status", peaks={"sampled_peak_connections": "threads_connected"},
                       peak_at="sampled_peak_at", derive=window_peak_my)


SPEC = CheckSpec(
    code="RUN001",
    name="connection_saturation",
    title=T("Connections near max_connections", "连接数接近 max_connections 上限"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", window=PG_WINDOW),
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=MY_WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=MY_WINDOW),
    },
    columns=("connections", "max_connections", "reserved", "used_pct", "peak_connections", "peak_pct", "peak_at",
             "peak_in_window"),
    thresholds=(
        Threshold(name="used_pct", unit="%", warning=80, critical=90, direction="above",
                  rationale="check_postgres `backends` 90/95 %; PMM peak >80 %; BlueKing 85/95 % — 80/90 leaves time to act"),
        Threshold(name="peak_pct", unit="%", warning=80, critical=95, direction="above",
                  rationale="PMM mysql_configuration_max_connections_usage: Max_used_connections >80 % of max_connections "
                            "(MY-RUN-02); BlueKing 95 % critical. Judged only when the peak was reached inside the window "
                            "(Max_used_connections_time: MySQL 8, MariaDB 11.0.2+)"),
    ),
    judge=judge,
    messages={
        "ok": T("{connections} of {max_connections} connections in use ({used_pct}%)",
                "已用连接 {connections} / {max_connections}（{used_pct}%）"),
        "ok_peak": T("{connections} of {max_connections} connections in use ({used_pct}%); peak {peak_connections} "
                     "({peak_pct}%) at {peak_at}",
                     "已用连接 {connections} / {max_connections}（{used_pct}%）；峰值 {peak_connections}（{peak_pct}%），"
                     "出现于 {peak_at}"),
        "ok_peak_since_start": T("{connections} of {max_connections} connections in use ({used_pct}%); peak since the "
                                 "server started or the last FLUSH STATUS {peak_connections} ({peak_pct}%, time not "
                                 "recorded by this version)",
                                 "已用连接 {connections} / {max_connections}（{used_pct}%）；自启动或最近一次 FLUSH STATUS 以来峰值 "
                                 "{peak_connections}（{peak_pct}%，此版本不记录峰值时间）"),
        "problem": T("{connections} of {max_connections} connections in use ({used_pct}%, threshold {used_pct_warning}%)",
                     "已用连接 {connections} / {max_connections}（{used_pct}%，阈值 {used_pct_warning}%）"),
        "peak": T("Connections peaked at {peak_connections} of {max_connections} ({peak_pct}%, threshold "
                  "{peak_pct_warning}%) at {peak_at}, inside the inspection window; {connections} in use now",
                  "巡检窗口内连接数峰值达到 {peak_connections} / {max_connections}（{peak_pct}%，阈值 {peak_pct_warning}%），"
                  "出现于 {peak_at}；当前已用 {connections}"),
        "no_data": T("The server returned no connection counts", "服务器未返回连接数"),
        "window.ok": T("{connections} of {max_connections} connections in use now ({used_pct}%); no peak in the window "
                       "({window_since} to {window_until} from snapshots, {coverage_pct}% of the window)",
                       "当前已用连接 {connections} / {max_connections}（{used_pct}%）；窗口内（快照 {window_since} 至 "
                       "{window_until}，覆盖窗口 {coverage_pct}%）无峰值数据"),
        "window.ok_peak": T("{connections} of {max_connections} connections in use now ({used_pct}%); peak in the window "
                            "{peak_connections} ({peak_pct}%) at {peak_at} ({window_since} to {window_until} from "
                            "snapshots, {coverage_pct}% of the window)",
                            "当前已用连接 {connections} / {max_connections}（{used_pct}%）；窗口内峰值 {peak_connections}"
                            "（{peak_pct}%），出现于 {peak_at}（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）"),
        "window.problem": T("{connections} of {max_connections} connections in use now ({used_pct}%, threshold "
                            "{used_pct_warning}%); peak in the window {peak_connections} ({peak_pct}%) at {peak_at} "
                            "({window_since} to {window_until} from snapshots, {coverage_pct}% of the window)",
                            "当前已用连接 {connections} / {max_connections}（{used_pct}%，阈值 {used_pct_warning}%）；窗口内峰值 "
                            "{peak_connections}（{peak_pct}%），出现于 {peak_at}（快照 {window_since} 至 {window_until}，"
                            "覆盖窗口 {coverage_pct}%）"),
        "window.peak": T("Connections peaked at {peak_connections} of {max_connections} ({peak_pct}%, threshold "
                         "{peak_pct_warning}%) at {peak_at}, inside the window ({window_since} to {window_until} from "
                         "snapshots, {coverage_pct}% of the window); {connections} in use now",
                         "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）连接数峰值达到 "
                         "{peak_connections} / {max_connections}（{peak_pct}%，阈值 {peak_pct_warning}%），出现于 {peak_at}；"
                         "当前已用 {connections}"),
    },
    remediation=RemediationSpec(
        text=T("Find which clients hold the connections; use a connection pooler (PgBouncer, ProxySQL) "
               "rather than raising max_connections, which costs memory per connection.",
               "查明占用连接的客户端；优先使用连接池（PgBouncer、ProxySQL），而不是调大 max_connections（每个连接都占用内存）。"),
        commands={
            "postgresql": ["SELECT usename, client_addr, state, count(*) FROM pg_stat_activity "
                           "WHERE backend_type = 'client backend' GROUP BY 1, 2, 3 ORDER BY 4 DESC;"],
            "mysql": ["SELECT user, SUBSTRING_INDEX(host, ':', 1) AS client, command, count(*) "
                      "FROM information_schema.processlist GROUP BY 1, 2, 3 ORDER BY 4 DESC;",
                      "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Max_used_connections', "
                      "'Max_used_connections_time');"],
        },
        references=["https://www.postgresql.org/docs/current/runtime-config-connection.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/too-many-connections.html",
                    "https://mariadb.com/kb/en/server-status-variables/#max_used_connections"],
    ),
    timeout_s=5,
)
