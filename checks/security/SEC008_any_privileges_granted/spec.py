from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Compliance, Outcome

# Privileges that hand out every other one: whoever holds them can make themselves DBA.
ESCALATING = {"GRANT ANY PRIVILEGE", "GRANT ANY ROLE", "GRANT ANY OBJECT PRIVILEGE", "ALTER USER", "BECOME USER",
              "CREATE ANY PROCEDURE", "EXECUTE ANY PROCEDURE", "ALTER ANY PROCEDURE", "CREATE ANY TRIGGER",
              "ALTER SYSTEM", "EXEMPT ACCESS POLICY"}


def _rate(row, ctx):
    if row.get("kind") == "PASSWORD FILE":
        return Outcome.WARNING, "pwfile"
    if row.get("grantee") == "PUBLIC" or str(row.get("privilege")) in ESCALATING:
        return Outcome.CRITICAL, "escalating"
    return Outcome.WARNING, "any"


_rows = rows_judge([], problem="any", flag=_rate)


@uses("allowed_grantees")
def judge(rows, th, ctx):
    allowed = {str(g).upper() for g in th["allowed_grantees"].value or ()}
    return _rows([r for r in rows if str(r.get("grantee") or "").upper() not in allowed], th, ctx)


SPEC = CheckSpec(
    code="SEC008",
    name="any_privileges_granted",
    title=T("Oracle ANY / instance-wide system privileges or SYSDBA-class access held by application accounts",
            "Oracle 应用账户拥有 ANY 类 / 实例级系统权限或 SYSDBA 类权限"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", container="any",
                                     privilege="SELECT ON DBA_SYS_PRIVS, SELECT ON DBA_USERS, SELECT ON DBA_ROLES, "
                                               "SELECT ON V_$PWFILE_USERS")},
    columns=("kind", "grantee", "privilege", "admin_option", "grantee_type"),
    thresholds=(
        Threshold(name="allowed_grantees", unit="user or role", kind="list", value=(),
                  rationale="the administrators and roles a site approves for these privileges; none by default "
                            "(CIS Oracle: revoke ANY privileges and SYSDBA from unauthorised grantees; catalog "
                            "ORA-SEC-04 V$PWFILE_USERS and ORA-SEC-05 DBA_SYS_PRIVS)"),
    ),
    judge=judge,
    object_key=("kind", "grantee", "privilege"),
    messages={
        "ok": T("No application account, role or PUBLIC holds an ANY or instance-wide system privilege, and only "
                "Oracle's own administrative users are in the password file",
                "没有应用账户、角色或 PUBLIC 拥有 ANY 类或实例级系统权限，口令文件中只有 Oracle 自身的管理用户"),
        "escalating": T("{grantee} ({grantee_type}) holds {privilege} (admin option {admin_option}): enough to make "
                        "itself DBA; {count} grant(s) in all",
                        "{grantee}（{grantee_type}）拥有 {privilege}（admin option {admin_option}）：足以将自己提升为 DBA；"
                        "共 {count} 项授权"),
        "any": T("{grantee} ({grantee_type}) holds {privilege} (admin option {admin_option}); {count} grant(s) in all",
                 "{grantee}（{grantee_type}）拥有 {privilege}（admin option {admin_option}）；共 {count} 项授权"),
        "pwfile": T("{grantee} ({grantee_type}) is in the password file with {privilege}: it can log in AS SYSDBA-class "
                    "from anywhere the listener is reachable; {count} grant(s) in all",
                    "{grantee}（{grantee_type}）在口令文件中拥有 {privilege}：可在任何能访问监听的地方以 SYSDBA 类身份登录；"
                    "共 {count} 项授权"),
    },
    remediation=RemediationSpec(
        text=T("Revoke the ANY privilege and grant object privileges on what the account really uses; revoke "
               "administrative privileges (REVOKE SYSDBA FROM …) from personal or application accounts and use "
               "the least one that does the job (SYSBACKUP for backups, SYSDG for Data Guard). List approved "
               "administrators in allowed_grantees.",
               "收回 ANY 权限，改为授予该账户实际使用对象的对象权限；从个人或应用账户收回管理权限（REVOKE SYSDBA FROM …），"
               "改用够用的最小管理权限（备份用 SYSBACKUP，Data Guard 用 SYSDG）。将经批准的管理员列入 allowed_grantees。"),
        commands={"oracle": ["REVOKE <privilege> FROM <grantee>;", "REVOKE SYSDBA FROM <user>;",
                             "SELECT grantee, privilege, admin_option FROM dba_sys_privs WHERE privilege LIKE '%ANY%' ORDER BY 1, 2;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_SYS_PRIVS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-PWFILE_USERS.html"],
    ),
    compliance=(Compliance(framework="等保2.0", item="8.1.4.2",
                           note=T("d) least privilege for administrative users: ANY privileges and SYSDBA-class access",
                                  "d）管理用户的最小权限：ANY 类权限与 SYSDBA 类权限")),),
    timeout_s=15,
)
