from checks.judges import num, summary_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

_summary = summary_judge([("aborted_pct", "aborted_pct")], empty=(Outcome.ERROR, "no_data"))


FLUSH_SLACK_S = 1  # both start with the server (one clock tick may part them); a FLUSH STATUS restarts one


def _flushed(row) -> bool:
    """FLUSH STATUS since the start: it zeroes Aborted_connects (and _preauth, Connection_errors_*) but not
    Connections (measured on MariaDB 10.11), so aborted-since-the-flush over attempts-since-the-start is a
    lower bound of the real share."""
    up, since_flush = num(row.get("uptime_s")), num(row.get("uptime_since_flush_s"))
    return up is not None and since_flush is not None and up - since_flush > FLUSH_SLACK_S


@uses("aborted_pct", "min_connections")
def _judge(rows, th, ctx) -> Verdict:
    if not rows:
        return _summary(rows, th, ctx)
    row = rows[0]
    minimum = th["min_connections"].value
    if minimum is not None and (num(row.get("connections")) or 0) < minimum:
        # too few attempts since start to rate a ratio (a fresh restart: 9 of 145 is 6 %)
        return Verdict(outcome=Outcome.OK, message="too_few", params={**row, "min_connections": minimum},
                       evidence=rows, since=row.get("counters_since"))
    v = _summary(rows, th, ctx)
    v.since = row.get("counters_since")
    if _flushed(row):
        # only a lower bound: a problem when even it is over the threshold, else not rated
        v.message = "problem_flushed" if v.outcome is not Outcome.OK else "not_rated_flushed"
        return v
    if row.get("aborted_preauth") is None:  # MySQL: no pre-authentication count, the ratio covers every attempt
        v.message = {"ok": "ok_all", "problem": "problem_all"}.get(v.message, v.message)
    return v


def window_ratio(row) -> dict:
    """Window rows: every counter is its in-window increase, so aborted_pct is recomputed from them; and the
    flushed-counter rule (aborted since a FLUSH STATUS over attempts since the start) does not apply: a FLUSH
    STATUS inside the window is a reset of the counters it zeroes, which checks/window.py counts again from 0,
    and one before the window is no part of it, so uptime_since_flush_s is set to uptime_s."""
    aborted, attempts, preauth = (num(row.get(c)) for c in ("aborted_connects", "connections", "aborted_preauth"))
    if preauth is not None:  # MariaDB: attempts that ended before authentication are left out
        aborted, attempts = (aborted or 0) - preauth, (attempts or 0) - preauth
    pct = round(100.0 * max(aborted or 0, 0) / attempts, 2) if attempts and attempts > 0 else None
    return {"aborted_pct": pct, "uptime_since_flush_s": row.get("uptime_s")}


# Over the window: the counters from my.status snapshots as in-window increases (connection_errors_other is the
# source's sum of the other Connection_errors_*). MySQL has no Aborted_connects_preauth: its row keeps NULL.
_COUNTERS = {"aborted_connects": "aborted_connects", "aborted_clients": "aborted_clients", "connections": "connections",
             "connection_errors_max_connections": "connection_errors_max_connections",
             "connection_errors_other": "connection_errors_other"}

SPEC = CheckSpec(
    code="RUN016",
    name="aborted_connections",
    title=T("High share of failed connection attempts", "异常中断连接比例过高"),
    category="running",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE",
                               window=WindowSpec(source="my.status", counters=_COUNTERS, derive=window_ratio)),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE",
                                 window=WindowSpec(source="my.status", derive=window_ratio,
                                                   counters={**_COUNTERS, "aborted_preauth": "aborted_connects_preauth"})),
    },
    columns=("aborted_connects", "aborted_clients", "connections", "aborted_pct", "aborted_preauth",
             "connection_errors_max_connections",
             "connection_errors_other", "uptime_s", "uptime_since_flush_s", "counters_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="aborted_pct", unit="% of connection attempts", warning=3, critical=None, direction="above",
                  rationale="MySQLTuner flags aborted connections above 3 % (MY-RUN-03); no anchor for a critical level"),
        Threshold(name="min_connections", unit="connection attempts since start", kind="guard", value=1000,
                  rationale="MySQLTuner rates only after 24 h of uptime (MY-RUN-03); below 1,000 attempts a few failures "
                            "swing the ratio (review RUN016: 9 of 145 eighteen minutes after a start read 6.2 %)"),
    ),
    judge=_judge,
    messages={
        "ok": T("{aborted_pct}% of connection attempts failed since server start {uptime_s} s ago ({aborted_connects} "
                "of {connections}, of which {aborted_preauth} ended before authentication and are not counted: TCP "
                "probes); connection errors: {connection_errors_max_connections} at max_connections, "
                "{connection_errors_other} other",
                "自实例启动（{uptime_s} 秒前）以来连接失败比例 {aborted_pct}%（{connections} 次中失败 {aborted_connects} 次，"
                "其中 {aborted_preauth} 次在认证前结束，不计入：TCP 探测）；连接错误：max_connections "
                "{connection_errors_max_connections} 次，其他 {connection_errors_other} 次"),
        "ok_all": T("{aborted_connects} of {connections} connection attempts failed ({aborted_pct}%) since server start "
                    "{uptime_s} s ago; connection errors: {connection_errors_max_connections} refused at "
                    "max_connections, {connection_errors_other} other",
                    "自实例启动（{uptime_s} 秒前）以来 {connections} 次连接尝试中失败 {aborted_connects} 次（{aborted_pct}%）；"
                    "连接错误：因 max_connections 被拒 {connection_errors_max_connections} 次，其他 {connection_errors_other} 次"),
        "too_few": T("Not rated: {connections} connection attempts since server start {uptime_s} s ago, fewer than the "
                     "{min_connections} needed for a meaningful ratio ({aborted_connects} failed)",
                     "未评判：自实例启动（{uptime_s} 秒前）以来仅 {connections} 次连接尝试，少于得出有意义比例所需的 "
                     "{min_connections} 次（失败 {aborted_connects} 次）"),
        "problem": T("{aborted_pct}% of connection attempts failed since server start {uptime_s} s ago (threshold "
                     "{aborted_pct_warning}%): {aborted_connects} of {connections} aborted, {aborted_preauth} of them "
                     "before authentication (TCP probes, not counted in the ratio); connection errors: "
                     "{connection_errors_max_connections} at max_connections, {connection_errors_other} other; "
                     "{aborted_clients} clients also disconnected without closing",
                     "自实例启动（{uptime_s} 秒前）以来连接失败比例 {aborted_pct}%（阈值 {aborted_pct_warning}%）："
                     "{connections} 次中中断 {aborted_connects} 次，其中 {aborted_preauth} 次在认证前结束（TCP 探测，不计入比例）；"
                     "连接错误：max_connections {connection_errors_max_connections} 次，其他 {connection_errors_other} 次；"
                     "另有 {aborted_clients} 个客户端未正常关闭连接"),
        "problem_all": T("{aborted_pct}% of connection attempts failed since server start {uptime_s} s ago: "
                         "{aborted_connects} of {connections} (threshold {aborted_pct_warning}%; TCP probes of a load "
                         "balancer count too); connection errors: {connection_errors_max_connections} refused at "
                         "max_connections, {connection_errors_other} other; {aborted_clients} clients also disconnected "
                         "without closing",
                         "自实例启动（{uptime_s} 秒前）以来连接失败比例 {aborted_pct}%：{connections} 次中失败 "
                         "{aborted_connects} 次（阈值 {aborted_pct_warning}%；负载均衡器的 TCP 探测也计入）；连接错误：因 "
                         "max_connections 被拒 {connection_errors_max_connections} 次，其他 {connection_errors_other} 次；"
                         "另有 {aborted_clients} 个客户端未正常关闭连接"),
        "not_rated_flushed": T("Not rated: FLUSH STATUS at {counters_since} zeroed Aborted_connects but not Connections, "
                               "so {aborted_connects} failed attempts since then against {connections} attempts since "
                               "server start {uptime_s} s ago ({aborted_pct}%) only bound the share from below, under "
                               "the threshold {aborted_pct_warning}%",
                               "未评判：{counters_since} 执行的 FLUSH STATUS 清零了 Aborted_connects 但未清零 Connections，"
                               "此后的 {aborted_connects} 次失败与自实例启动（{uptime_s} 秒前）以来的 {connections} 次连接尝试之比"
                               "（{aborted_pct}%）只是实际比例的下限，低于阈值 {aborted_pct_warning}%"),
        "problem_flushed": T("At least {aborted_pct}% of connection attempts failed since FLUSH STATUS at "
                             "{counters_since} (threshold {aborted_pct_warning}%): {aborted_connects} aborted since then "
                             "against {connections} attempts since server start {uptime_s} s ago (FLUSH STATUS does not "
                             "zero Connections, so the real share is higher); connection errors since then: "
                             "{connection_errors_max_connections} at max_connections, {connection_errors_other} other",
                             "自 {counters_since} 执行 FLUSH STATUS 以来连接失败比例至少为 {aborted_pct}%（阈值 "
                             "{aborted_pct_warning}%）：此后中断 {aborted_connects} 次，而分母是自实例启动（{uptime_s} 秒前）以来的 "
                             "{connections} 次连接尝试（FLUSH STATUS 不清零 Connections，实际比例更高）；此后连接错误："
                             "max_connections {connection_errors_max_connections} 次，其他 {connection_errors_other} 次"),
        "no_data": T("The server returned no connection counters", "服务器未返回连接计数器"),
        "window.ok": T("{aborted_pct}% of connection attempts failed in the window ({window_since} to {window_until} "
                       "from snapshots, {coverage_pct}% of the window; {aborted_connects} of {connections}, of which "
                       "{aborted_preauth} ended before authentication and are not counted: TCP probes); connection "
                       "errors: {connection_errors_max_connections} at max_connections, {connection_errors_other} other",
                       "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）连接失败比例 "
                       "{aborted_pct}%（{connections} 次中失败 {aborted_connects} 次，其中 {aborted_preauth} 次在认证前结束，"
                       "不计入：TCP 探测）；连接错误：max_connections {connection_errors_max_connections} 次，其他 "
                       "{connection_errors_other} 次"),
        "window.ok_all": T("{aborted_connects} of {connections} connection attempts failed ({aborted_pct}%) in the window "
                           "({window_since} to {window_until} from snapshots, {coverage_pct}% of the window); connection "
                           "errors: {connection_errors_max_connections} refused at max_connections, "
                           "{connection_errors_other} other",
                           "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）{connections} 次连接尝试中"
                           "失败 {aborted_connects} 次（{aborted_pct}%）；连接错误：因 max_connections 被拒 "
                           "{connection_errors_max_connections} 次，其他 {connection_errors_other} 次"),
        "window.too_few": T("Not rated: {connections} connection attempts in the window ({window_since} to {window_until} "
                            "from snapshots, {coverage_pct}% of the window), fewer than the {min_connections} needed for "
                            "a meaningful ratio ({aborted_connects} failed)",
                            "未评判：窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）仅 {connections} "
                            "次连接尝试，少于得出有意义比例所需的 {min_connections} 次（失败 {aborted_connects} 次）"),
        "window.problem": T("{aborted_pct}% of connection attempts failed in the window ({window_since} to {window_until} "
                            "from snapshots, {coverage_pct}% of the window; threshold {aborted_pct_warning}%): "
                            "{aborted_connects} of {connections} aborted, {aborted_preauth} of them before "
                            "authentication (TCP probes, not counted in the ratio); connection errors: "
                            "{connection_errors_max_connections} at max_connections, {connection_errors_other} other; "
                            "{aborted_clients} clients also disconnected without closing",
                            "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）连接失败比例 "
                            "{aborted_pct}%（阈值 {aborted_pct_warning}%）：{connections} 次中中断 {aborted_connects} 次，其中 "
                            "{aborted_preauth} 次在认证前结束（TCP 探测，不计入比例）；连接错误：max_connections "
                            "{connection_errors_max_connections} 次，其他 {connection_errors_other} 次；另有 "
                            "{aborted_clients} 个客户端未正常关闭连接"),
        "window.problem_all": T("{aborted_pct}% of connection attempts failed in the window ({window_since} to "
                                "{window_until} from snapshots, {coverage_pct}% of the window): {aborted_connects} of "
                                "{connections} (threshold {aborted_pct_warning}%; TCP probes of a load balancer count "
                                "too); connection errors: {connection_errors_max_connections} refused at "
                                "max_connections, {connection_errors_other} other; {aborted_clients} clients also "
                                "disconnected without closing",
                                "窗口内（快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%）连接失败比例 "
                                "{aborted_pct}%：{connections} 次中失败 {aborted_connects} 次（阈值 {aborted_pct_warning}%；"
                                "负载均衡器的 TCP 探测也计入）；连接错误：因 max_connections 被拒 "
                                "{connection_errors_max_connections} 次，其他 {connection_errors_other} 次；另有 "
                                "{aborted_clients} 个客户端未正常关闭连接"),
    },
    remediation=RemediationSpec(
        text=T("Failed connects are usually wrong passwords, unknown hosts, exhausted max_connections or "
               "connect_timeout on a slow network; a scanner, a load balancer's TCP health check (connects and "
               "closes) or a misconfigured client is a common source. Refusals at max_connections are counted apart "
               "(Connection_errors_max_connections). Find the client in the error log (MariaDB log_warnings ≥ 2, "
               "MySQL 8 log_error_verbosity = 3) and fix it; Aborted_clients points at clients that exit without "
               "closing or exceed wait_timeout.",
               "连接失败通常源于密码错误、主机未授权、max_connections 耗尽或慢网络下的 connect_timeout；"
               "端口扫描、负载均衡器的 TCP 健康检查（建连即断开）或配置错误的客户端也很常见。因 max_connections 被拒的连接单独计数"
               "（Connection_errors_max_connections）。开启 MariaDB log_warnings ≥ 2 或 MySQL 8 log_error_verbosity = 3 "
               "后在错误日志中找到对应客户端并修正；"
               "Aborted_clients 指向未关闭连接即退出或超过 wait_timeout 的客户端。"),
        commands={
            "mysql": ["SHOW GLOBAL STATUS WHERE Variable_name IN ('Aborted_connects', 'Aborted_clients', 'Connections') "
                      "OR Variable_name LIKE 'Connection_errors%';",
                      "SET PERSIST log_error_verbosity = 3;  -- notes too: failed logins and aborted connections reach the error log",
                      "SELECT logged, prio, error_code, data FROM performance_schema.error_log WHERE data LIKE 'Access denied%' "
                      "OR data LIKE 'Aborted connection%' ORDER BY logged DESC LIMIT 50;  -- 8.0.22+"],
            "mariadb": ["SHOW GLOBAL STATUS WHERE Variable_name IN ('Aborted_connects', 'Aborted_connects_preauth', "
                        "'Aborted_clients', 'Connections') OR Variable_name LIKE 'Connection_errors%';",
                        "SET GLOBAL log_warnings = 2;  -- log failed connections; also in my.cnf [mariadb]",
                        "grep -i 'Access denied\\|Aborted connection' \"$(mariadb -NBe 'SELECT @@log_error')\" | tail -50"],
        },
        references=["https://mariadb.com/kb/en/server-status-variables/#aborted_connects",
                    "https://dev.mysql.com/doc/refman/8.0/en/communication-errors.html"],
    ),
    timeout_s=5,
)
