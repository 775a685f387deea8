from checks.judges import each_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN001",
    name="connection_saturation",
    title=T("Connections near max_connections", "连接数接近 max_connections 上限"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="pg_monitor"),
        "mysql": EngineSupport(min_version="5.7", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("connections", "max_connections", "reserved", "used_pct"),
    thresholds=(
        Threshold(name="used_pct", unit="%", warning=80, critical=90, direction="above",
                  rationale="check_postgres `backends` 90/95 %; PMM peak >80 %; BlueKing 85/95 % — 80/90 leaves time to act"),
    ),
    judge=each_row("used_pct", "used_pct"),
    messages={
        "ok": T("{connections} of {max_connections} connections in use ({value}%)",
                "已用连接 {connections} / {max_connections}（{value}%）"),
        "problem": T("{connections} of {max_connections} connections in use ({value}%, threshold {used_pct_warning}%)",
                     "已用连接 {connections} / {max_connections}（{value}%，阈值 {used_pct_warning}%）"),
    },
    remediation=RemediationSpec(
        text=T("Find which clients hold the connections; use a connection pooler (PgBouncer, ProxySQL) "
               "rather than raising max_connections, which costs memory per connection.",
               "查明占用连接的客户端；优先使用连接池（PgBouncer、ProxySQL），而不是调大 max_connections（每个连接都占用内存）。"),
        commands={
            "postgresql": ["SELECT usename, client_addr, state, count(*) FROM pg_stat_activity GROUP BY 1, 2, 3 ORDER BY 4 DESC;"],
            "mysql": ["SELECT user, host, command, count(*) FROM information_schema.processlist GROUP BY 1, 2, 3 ORDER BY 4 DESC;"],
        },
        references=["https://www.postgresql.org/docs/current/runtime-config-connection.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/too-many-connections.html"],
    ),
    timeout_s=5,
)
