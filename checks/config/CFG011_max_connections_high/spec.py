from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="CFG011",
    name="max_connections_high",
    title=T("max_connections set high (a connection pooler is due)", "max_connections 设置过高（应使用连接池）"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("name", "setting", "unit", "shown", "source"),
    object_key=("name",),
    thresholds=(
        Threshold(name="max_connections", unit="connections", kind="guard", value=299,
                  rationale="PMM postgresql_max_connections warns at 300 or more ('PostgreSQL doesn't cope well with "
                            "having many connections even if they are idle'; recommended below 300)"),
    ),
    judge=expected_settings(Expect("max_connections", max="max_connections", message="high")),
    messages={
        "ok": T("max_connections is within the bound ({total} settings read)", "max_connections 在合理范围内（读取 {total} 项设置）"),
        "high": T("max_connections = {shown} (expected {expected}): so many backends contend for locks and snapshots "
                  "and reserve memory even when idle; put a pooler (PgBouncer) in front instead",
                  "max_connections = {shown}（应为 {expected}）：过多的后端进程争用锁与快照，空闲时也占用内存；应在前端使用连接池"
                  "（PgBouncer）"),
    },
    remediation=RemediationSpec(
        text=T("Serve the clients through a connection pooler (PgBouncer in transaction mode) and lower max_connections "
               "to what the server really runs at once (a few times the CPU count). max_connections needs a restart, "
               "and a standby's must stay at least the primary's.",
               "通过连接池（事务模式的 PgBouncer）为客户端服务，并把 max_connections 降到服务器真正同时运行的数量（CPU 数的数倍）。"
               "修改 max_connections 需要重启，且备库的值不得低于主库。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET max_connections = 200;  -- restart to apply; lower standbys after the primary",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS",
                    "https://www.pgbouncer.org/"],
    ),
    timeout_s=5,
)
