from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Compliance, Outcome


@uses("allowed_grantees")
def judge(rows, th, ctx):
    basis = next((r for r in rows if r.get("kind") == "(snapshots)"), {})
    allowed = {str(g).upper() for g in th["allowed_grantees"].value or ()}
    changes = [r for r in rows if r.get("change") and str(r.get("grantee") or "") not in allowed]
    params = {"snapshots": basis.get("granted"), "since": basis.get("changed_after"), "count": len(changes),
              "cap": " (the 5000-grant snapshot cap was reached: changes past it are not seen)"
              if basis.get("option") == "truncated" else "",
              "cap_zh": "（已达快照 5000 条授权上限：超出部分的变更无法发现）" if basis.get("option") == "truncated" else ""}
    if not changes:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[basis] if basis else [], objects={})
    granted = sum(1 for r in changes if r["change"] == "GRANTED")
    params.update(changes[-1] if changes else {}, granted_count=granted, revoked_count=len(changes) - granted)
    params["count"] = len(changes)
    return Verdict(outcome=Outcome.WARNING, message="changed", params=params, evidence=changes[:EVIDENCE_LIMIT],
                   total=len(changes), objects={ctx.object_of(r): Outcome.WARNING for r in changes})


SPEC = CheckSpec(
    code="SEC009",
    name="privileges_changed_in_window",
    title=T("Oracle grants given or revoked inside the window", "窗口期内 Oracle 授予或收回的权限"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", container="any",
                                     privilege="SELECT ON DBA_SYS_PRIVS, SELECT ON DBA_ROLE_PRIVS, SELECT ON DBA_TAB_PRIVS, "
                                               "SELECT ON DBA_USERS, SELECT ON DBA_ROLES")},
    columns=("kind", "grantee", "granted", "option", "change", "changed_after", "changed_by"),
    thresholds=(
        Threshold(name="allowed_grantees", unit="user or role", kind="list", value=(),
                  rationale="grantees whose grants a site's own provisioning changes routinely; none by default: "
                            "every privilege or role change is a review item of the weekly inspection (database.ink "
                            "weekly '权限变更/角色变更', catalog ORA-SEC-08)"),
    ),
    judge=judge,
    basis="window",
    object_key=("kind", "grantee", "granted", "change"),
    messages={
        "ok": T("No grant of an application user or role changed between the {snapshots} snapshot(s) since {since} "
                "and now{cap}",
                "自 {since} 起的 {snapshots} 个快照与当前之间，应用用户和角色的授权均未变化{cap_zh}"),
        "changed": T("{count} grant change(s) in the window ({granted_count} given, {revoked_count} revoked), latest: "
                     "{kind} {granted} {change} for {grantee} between {changed_after} and {changed_by}; check each "
                     "against a change ticket{cap}",
                     "窗口期内有 {count} 项授权变更（授予 {granted_count} 项，收回 {revoked_count} 项），最近：{grantee} 的 "
                     "{kind} {granted} 于 {changed_after} 至 {changed_by} 之间 {change}；请逐一核对变更工单{cap_zh}"),
    },
    remediation=RemediationSpec(
        text=T("Match every change to an approved ticket. For one that has none: revoke it, and find who made it "
               "(UNIFIED_AUDIT_TRAIL with ORA_SECURECONFIG enabled records GRANT and REVOKE: SEC006).",
               "将每项变更与已批准的工单对应。无法对应的：收回该授权，并查明操作者（启用 ORA_SECURECONFIG 后 "
               "UNIFIED_AUDIT_TRAIL 会记录 GRANT 与 REVOKE：见 SEC006）。"),
        commands={"oracle": ["SELECT event_timestamp, dbusername, action_name, sql_text FROM unified_audit_trail "
                             "WHERE action_name IN ('GRANT', 'REVOKE') ORDER BY event_timestamp DESC;",
                             "REVOKE <privilege or role> FROM <grantee>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_SYS_PRIVS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_TAB_PRIVS.html"],
    ),
    compliance=(Compliance(framework="等保2.0", item="8.1.4.2",
                           note=T("authorisation changes reviewed: privileges and roles given or revoked in the window",
                                  "授权变更复核：窗口期内授予或收回的权限与角色")),),
    timeout_s=15,
)
