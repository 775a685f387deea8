from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Compliance, Outcome


@uses("required_policies")
def judge(rows, th, ctx):
    option = next((r for r in rows if r.get("kind") == "OPTION"), None)
    trail = next((r for r in rows if r.get("kind") == "PARAMETER"), None)
    if option is None and trail is None:
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    enabled = sorted({str(r.get("name")).upper() for r in rows if r.get("kind") == "POLICY"})
    # A baseline policy counts only where it covers every user: BY USER with ENTITY_NAME 'ALL USERS', or EXCEPT
    # USER (all but those named). AUDIT POLICY ORA_SECURECONFIG BY scott (or BY USERS WITH GRANTED ROLES) audits
    # those users alone (Security Guide 19c, 'Enabling and Applying Unified Audit Policies').
    everyone = {str(r.get("name")).upper() for r in rows if r.get("kind") == "POLICY" and (
        str(r.get("value") or "").upper() == "EXCEPT USER"
        or (str(r.get("value") or "").upper() == "BY USER" and str(r.get("enabled_for") or "").upper() == "ALL USERS"))}
    required = [str(p).upper() for p in th["required_policies"].value or ()]
    missing = [p if p not in enabled else f"{p} (only for some users)" for p in required if p not in everyone]
    pure = str((option or {}).get("value") or "").upper() == "TRUE"
    trail_value = str((trail or {}).get("value") or "NONE").upper()
    params = {"mode": "pure unified" if pure else "mixed", "audit_trail": trail_value,
              "policies": ", ".join(enabled) or "none", "missing": ", ".join(missing), "count": len(missing)}
    evidence = rows[:EVIDENCE_LIMIT]
    if not enabled and (pure or trail_value == "NONE"):
        return Verdict(outcome=Outcome.CRITICAL, message="nothing", params=params, evidence=evidence)
    if missing:
        return Verdict(outcome=Outcome.WARNING, message="missing", params=params, evidence=evidence)
    return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=evidence)


SPEC = CheckSpec(
    code="SEC006",
    name="audit_policies_not_enabled",
    title=T("Oracle auditing off or the baseline unified audit policies not enabled",
            "Oracle 审计未开启或基线统一审计策略未启用"),
    category="security",
    tier="weekly",
    # Unified audit policies are enabled per container (a common policy from the root, local ones in a PDB).
    engines={"oracle": EngineSupport(min_version="19", container="any",
                                     privilege="SELECT ON V_$OPTION, SELECT ON V_$PARAMETER, "
                                               "SELECT ON AUDIT_UNIFIED_ENABLED_POLICIES")},
    columns=("kind", "name", "value", "enabled_for"),
    thresholds=(
        Threshold(name="required_policies", unit="unified audit policy", kind="list",
                  value=("ORA_SECURECONFIG", "ORA_LOGON_FAILURES"),
                  rationale="the two predefined policies Oracle 19c enables in a new database (Database Security "
                            "Guide 19c, 'Auditing Activities with the Predefined Unified Audit Policies'): "
                            "privilege/role/user changes and failed logons — catalog ORA-SEC-06 (CIS Oracle); a "
                            "site may add its own"),
    ),
    judge=judge,
    messages={
        "ok": T("Auditing is on ({mode} mode, AUDIT_TRAIL {audit_trail}); enabled unified policies: {policies}",
                "审计已开启（{mode} 模式，AUDIT_TRAIL {audit_trail}）；已启用的统一审计策略：{policies}"),
        "missing": T("{count} baseline unified audit polic(ies) not enabled: {missing} ({mode} mode, AUDIT_TRAIL "
                     "{audit_trail}; enabled: {policies})",
                     "{count} 个基线统一审计策略未启用：{missing}（{mode} 模式，AUDIT_TRAIL {audit_trail}；已启用：{policies}）"),
        "nothing": T("Nothing is audited: no unified audit policy is enabled and AUDIT_TRAIL is {audit_trail} "
                     "({mode} mode) — privilege changes and failed logons leave no record",
                     "没有任何审计：未启用统一审计策略且 AUDIT_TRAIL 为 {audit_trail}（{mode} 模式）——权限变更和登录失败都不留记录"),
        "unreadable": T("Not inspected: neither V$OPTION nor V$PARAMETER answered this user",
                        "未检查：V$OPTION 与 V$PARAMETER 均未向此用户返回结果"),
    },
    remediation=RemediationSpec(
        text=T("Enable the predefined policies (AUDIT POLICY …), as a user with AUDIT_ADMIN, in each container; "
               "plan the audit trail's housekeeping at the same time (DBMS_AUDIT_MGMT purge job), as SYSAUX holds it "
               "(OBJ009).",
               "由拥有 AUDIT_ADMIN 的用户在每个容器中启用预定义策略（AUDIT POLICY …）；同时规划审计记录的清理"
               "（DBMS_AUDIT_MGMT 清理作业），因为审计记录存放在 SYSAUX 中（OBJ009）。"),
        commands={"oracle": ["AUDIT POLICY ORA_SECURECONFIG;", "AUDIT POLICY ORA_LOGON_FAILURES WHENEVER NOT SUCCESSFUL;",
                             "SELECT policy_name, enabled_option, entity_name FROM audit_unified_enabled_policies;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/dbseg/auditing-activities-with-predefined-unified-audit-policies.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/AUDIT_UNIFIED_ENABLED_POLICIES.html"],
    ),
    compliance=(Compliance(framework="等保2.0", item="8.1.4.3",
                           note=T("a) security audit enabled, covering important security events (privilege changes, "
                                  "failed logons)", "a）应启用安全审计功能，覆盖重要的安全事件（权限变更、登录失败）")),),
    timeout_s=10,
)
