from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR014",
    name="failed_logins",
    title=T("Oracle failed logons inside the window (unified audit)", "窗口内 Oracle 登录失败（统一审计）"),
    category="errors",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="AUDIT_VIEWER")},
    columns=("db_user", "client_host", "program", "failures", "return_code", "first_utc", "last_utc"),
    thresholds=(
        Threshold(name="failures", unit="failed logons", warning=10, critical=100, direction="above",
                  rationale="ORA-01017 bursts (catalog ORA-ERR-06; database.ink weekly 登录尝试失败): a few are typos, tens "
                            "from one source are a misconfigured application or a guessing attack (ours)"),
    ),
    judge=rows_judge([("failures", "failures")], problem="failing"),
    messages={
        "ok": T("No user/host had {failures_warning} failed logons inside the window ({total} source(s) with failures)",
                "窗口内没有用户/主机登录失败达到 {failures_warning} 次（共 {total} 个来源有失败）"),
        "failing": T("{failures} failed logons as {db_user} from {client_host} ({program}, ORA-{return_code}) between "
                     "{first_utc} and {last_utc} UTC; {count} source(s) over the threshold",
                     "{first_utc} 至 {last_utc} UTC 期间，来自 {client_host}（{program}）以 {db_user} 登录失败 {failures} 次"
                     "（ORA-{return_code}）；共 {count} 个来源超过阈值"),
    },
    remediation=RemediationSpec(
        text=T("A stale password in an application's pool or a job: fix the configuration (and unlock the account "
               "if FAILED_LOGIN_ATTEMPTS locked it). Unknown host or many users from one host: treat as an attack, "
               "block the source (listener valid node checking, firewall).",
               "若为应用连接池或作业中的旧口令：修正配置（若被 FAILED_LOGIN_ATTEMPTS 锁定则解锁账户）。若来源主机未知或同一主机尝试多个用户："
               "按攻击处理，封禁来源（监听器有效节点检查、防火墙）。"),
        commands={"oracle": ["SELECT event_timestamp_utc, dbusername, userhost, client_program_name, return_code FROM unified_audit_trail "
                             "WHERE action_name = 'LOGON' AND return_code <> 0 ORDER BY event_timestamp_utc DESC FETCH FIRST 50 ROWS ONLY;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/UNIFIED_AUDIT_TRAIL.html"],
    ),
    timeout_s=60,
    basis="window",
    object_key=("db_user", "client_host", "program"),
)
