from checks.judges import summary_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="RUN016",
    name="aborted_connections",
    title=T("High share of failed connection attempts", "异常中断连接比例过高"),
    category="running",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("aborted_connects", "aborted_clients", "connections", "aborted_pct", "uptime_s"),
    thresholds=(
        Threshold(name="aborted_pct", unit="% of connection attempts", warning=3, critical=None, direction="above",
                  rationale="MySQLTuner flags aborted connections above 3 % (MY-RUN-03); no anchor for a critical level"),
    ),
    judge=summary_judge([("aborted_pct", "aborted_pct")], empty=(Outcome.ERROR, "no_data")),
    messages={
        "ok": T("{aborted_connects} of {connections} connection attempts failed ({aborted_pct}%) since server start "
                "{uptime_s} s ago (daily tier: cumulative counters, not window deltas)",
                "自实例启动（{uptime_s} 秒前）以来 {connections} 次连接尝试中失败 {aborted_connects} 次（{aborted_pct}%）"
                "（日检：累计计数，非窗口内增量）"),
        "problem": T("{aborted_pct}% of connection attempts failed since server start {uptime_s} s ago: "
                     "{aborted_connects} of {connections} (threshold {aborted_pct_warning}%); "
                     "{aborted_clients} clients also disconnected without closing",
                     "自实例启动（{uptime_s} 秒前）以来连接失败比例 {aborted_pct}%：{connections} 次中失败 "
                     "{aborted_connects} 次（阈值 {aborted_pct_warning}%）；另有 {aborted_clients} 个客户端未正常关闭连接"),
        "no_data": T("The server returned no connection counters", "服务器未返回连接计数器"),
    },
    remediation=RemediationSpec(
        text=T("Failed connects are usually wrong passwords, unknown hosts, exhausted max_connections or "
               "connect_timeout on a slow network; a scanner or misconfigured client is a common source. Find the "
               "client in the error log (log_warnings ≥ 2) and fix it; Aborted_clients points at clients that exit "
               "without closing or exceed wait_timeout.",
               "连接失败通常源于密码错误、主机未授权、max_connections 耗尽或慢网络下的 connect_timeout；"
               "端口扫描或配置错误的客户端也很常见。开启 log_warnings ≥ 2 后在错误日志中找到对应客户端并修正；"
               "Aborted_clients 指向未关闭连接即退出或超过 wait_timeout 的客户端。"),
        commands={
            "mysql": ["SHOW GLOBAL STATUS WHERE Variable_name IN ('Aborted_connects', 'Aborted_clients', 'Connections') "
                      "OR Variable_name LIKE 'Connection_errors%';",
                      "SET GLOBAL log_warnings = 2;  -- MariaDB: log failed connections to the error log",
                      "grep -i 'Access denied\\|Aborted connection' \"$(mysql -NBe 'SELECT @@log_error')\" | tail -50"],
        },
        references=["https://mariadb.com/kb/en/server-status-variables/#aborted_connects",
                    "https://dev.mysql.com/doc/refman/8.0/en/communication-errors.html"],
    ),
    timeout_s=5,
)
