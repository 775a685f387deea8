from checks.judges import row_count
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR012",
    name="adr_incidents",
    title=T("Oracle ADR incidents created inside the window", "窗口内 Oracle ADR 产生了事件（incident）"),
    category="errors",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON V_$DIAG_INCIDENT, SELECT ON V_$DIAG_PROBLEM")},
    columns=("incident_id", "problem_id", "problem_key", "error_code", "error_arg1", "created_utc", "status", "flood_controlled"),
    thresholds=(
        Threshold(name="incidents", unit="incidents", warning=None, critical=1, direction="above",
                  rationale="an incident is a critical error Oracle recorded for Oracle Support (Oracle Database "
                            "Administrator's Guide 19c, 'About Incidents and Problems'; catalog ORA-ERR-02): any is critical"),
    ),
    judge=row_count("incidents", problem="incidents"),
    messages={
        "ok": T("No ADR incident created inside the window", "窗口内没有新的 ADR 事件"),
        "incidents": T("{count} ADR incident(s) inside the window; latest {incident_id} ({problem_key}) at {created_utc} UTC",
                       "窗口内产生 {count} 个 ADR 事件；最近一个 {incident_id}（{problem_key}）于 {created_utc} UTC"),
    },
    remediation=RemediationSpec(
        text=T("Package the incident for Oracle Support (ADRCI IPS PACK INCIDENT n) and search My Oracle Support "
               "for the problem key (ORA-600/7445 lookup tool); read the alert log around it (ERR009).",
               "用 ADRCI IPS PACK INCIDENT n 打包事件提交 Oracle Support，并在 My Oracle Support 中检索问题键（ORA-600/7445 "
               "查询工具）；查看前后的告警日志（ERR009）。"),
        commands={"oracle": ["adrci> SHOW PROBLEM; SHOW INCIDENT -MODE DETAIL -P \"INCIDENT_ID=<n>\"",
                             "adrci> IPS PACK INCIDENT <n> IN /tmp"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DIAG_INCIDENT.html"],
    ),
    timeout_s=30,
    basis="window",
    object_key=("incident_id",),
)
