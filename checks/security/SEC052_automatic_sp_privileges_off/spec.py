from checks.judges import Expect, expected_settings
from checks.security._mysql import dengbao
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="SEC052",
    name="automatic_sp_privileges_off",
    title=T("Routine grants outlive their routines (automatic_sp_privileges OFF)",
            "存储过程的授权在其删除后仍保留（automatic_sp_privileges 为 OFF）"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
    },
    columns=("name", "setting"),
    object_key=("name",),
    thresholds=(
        Threshold(name="allowed_automatic_sp_privileges", unit="values", kind="list", value=("ON",),
                  rationale="PMM mysql_automatic_sp_privileges_enabled raises anything but 1 (severity error): with "
                            "0, DROP PROCEDURE/FUNCTION keeps every grant on the routine for its next namesake "
                            "(measured on MariaDB 10.11)"),
    ),
    judge=expected_settings(Expect("automatic_sp_privileges", allowed="allowed_automatic_sp_privileges", message="problem")),
    messages={
        "ok": T("automatic_sp_privileges is ON: dropping a routine revokes the grants on it",
                "automatic_sp_privileges 为 ON：删除存储过程/函数时会收回其上的授权"),
        "problem": T("automatic_sp_privileges = {setting}: grants on a dropped routine stay in mysql.procs_priv and "
                     "apply to the next routine created with that name",
                     "automatic_sp_privileges = {setting}：已删除存储过程/函数上的授权仍保留在 mysql.procs_priv 中，并作用于之后同名创建的存储过程/函数"),
    },
    remediation=RemediationSpec(
        text=T("Set automatic_sp_privileges back to ON (dynamic; persist it), then review mysql.procs_priv for grants "
               "on routines that no longer exist and revoke them.",
               "将 automatic_sp_privileges 恢复为 ON（可在线修改，并写入配置），然后检查 mysql.procs_priv 中针对已不存在的存储过程/函数"
               "的授权并收回。"),
        commands={
            "mariadb": ["SET GLOBAL automatic_sp_privileges = ON;",
                        "SELECT p.* FROM mysql.procs_priv p LEFT JOIN mysql.proc r ON r.db = p.Db AND r.name = p.Routine_name "
                        "AND r.type = p.Routine_type WHERE r.name IS NULL;"],
            "mysql": ["SET PERSIST automatic_sp_privileges = ON;",
                      "SELECT p.* FROM mysql.procs_priv p LEFT JOIN information_schema.ROUTINES r ON r.ROUTINE_SCHEMA = p.Db "
                      "AND r.ROUTINE_NAME = p.Routine_name WHERE r.ROUTINE_NAME IS NULL;  -- as an account that sees every routine"],
        },
        references=["https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/mysql_automatic_sp_privileges_enabled.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_automatic_sp_privileges",
                    "https://mariadb.com/kb/en/server-system-variables/#automatic_sp_privileges"],
    ),
    compliance=(
        dengbao("8.1.4.2", "d) least privilege: no grant outlives the object it was given on",
                "d）最小权限：授权不在其对象删除后残留"),
    ),
    timeout_s=5,
)
