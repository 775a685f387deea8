from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

_rows = rows_judge([], problem="granted", flag=lambda row, ctx: (Outcome.WARNING, "granted"))


@uses("allowed_grantees")
def judge(rows, th, ctx):
    allowed = {str(g).upper() for g in th["allowed_grantees"].value or ()}
    return _rows([r for r in rows if str(r.get("grantee") or "").upper() not in allowed], th, ctx)


SPEC = CheckSpec(
    code="SEC002",
    name="dba_role_granted",
    title=T("Oracle DBA role granted to non-Oracle accounts", "Oracle DBA 角色授予了非 Oracle 内置账户"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_ROLE_PRIVS, SELECT ON DBA_USERS")},
    columns=("grantee", "admin_option", "common", "account_status"),
    thresholds=(
        Threshold(name="allowed_grantees", unit="user or role", kind="list", value=(),
                  rationale="the named DBA accounts a site approves (inspect4oracle 'users with DBA', catalog ORA-SEC-04; "
                            "CIS Oracle 19c: grant DBA only to authorised administrators); none by default"),
    ),
    judge=judge,
    messages={
        "ok": T("No unapproved account holds the DBA role", "没有未经批准的账户拥有 DBA 角色"),
        "granted": T("{total} account(s) or role(s) hold DBA without being approved, e.g. {grantee} ({account_status}, "
                     "admin option {admin_option})",
                     "{total} 个账户或角色未经批准拥有 DBA，例如 {grantee}（{account_status}，admin option {admin_option}）"),
    },
    remediation=RemediationSpec(
        text=T("Revoke DBA from application and personal accounts (REVOKE DBA FROM …) and grant the specific "
               "privileges they need; list the approved administrators in allowed_grantees.",
               "从应用账户和个人账户收回 DBA（REVOKE DBA FROM …），改授其实际需要的具体权限；将经批准的管理员列入 allowed_grantees。"),
        commands={"oracle": ["REVOKE DBA FROM <grantee>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_ROLE_PRIVS.html"],
    ),
    timeout_s=20,
    object_key=("grantee",),
)
