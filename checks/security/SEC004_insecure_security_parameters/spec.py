from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

_CIS = "CIS Oracle Database 19c Benchmark, section 2.2 (database parameters; catalog ORA-SEC-06/07)"


def _allowed(name, values, why=_CIS):
    return Threshold(name=name, unit="setting", kind="list", value=values, rationale=why)


SPEC = CheckSpec(
    code="SEC004",
    name="insecure_security_parameters",
    title=T("Oracle security parameters set insecurely", "Oracle 安全相关参数设置不安全"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON V_$PARAMETER, SELECT ON V_$OPTION")},
    columns=("name", "setting"),
    thresholds=(
        _allowed("allowed_audit_trail", ("DB", "DB, EXTENDED", "OS", "XML", "XML, EXTENDED")),
        _allowed("allowed_audit_sys_operations", ("TRUE",)),
        _allowed("allowed_remote_login_passwordfile", ("EXCLUSIVE", "NONE"),
                 _CIS + "; EXCLUSIVE kept allowed because Data Guard and remote SYSDBA administration need it"),
        _allowed("allowed_remote_os_authent", ("FALSE",)),
        _allowed("allowed_remote_os_roles", ("FALSE",)),
        _allowed("allowed_os_roles", ("FALSE",)),
        _allowed("allowed_sec_case_sensitive_logon", ("TRUE",)),
        _allowed("allowed_sql92_security", ("TRUE",)),
        Threshold(name="max_failed_login_attempts", unit="attempts", kind="guard", value=3,
                  rationale="CIS Oracle Database 12c v3.0.0 2.2.12 / 18c v1.1.0 2.2.10 'Ensure SEC_MAX_FAILED_LOGIN_ATTEMPTS "
                            "Is 3 or Less' (as published in Tenable's CIS audit files); 3 is also the 19c default"),
        _allowed("allowed_release_banner", ("FALSE",)),
        _allowed("allowed_global_names", ("TRUE",)),
        _allowed("allowed_protocol_error_action", ("DROP,3", "DELAY,3", "(DROP,3)", "(DELAY,3)", "DROP, 3", "DELAY, 3"),
                 _CIS + " (sec_protocol_error_further_action DROP/DELAY)"),
        _allowed("allowed_resource_limit", ("TRUE",)),
    ),
    judge=expected_settings(
        # in mixed mode (19c's default) audit_trail NONE turns off traditional auditing only: the unified
        # policies enabled by default (ORA_SECURECONFIG, ORA_LOGON_FAILURES) still record, so a warning
        Expect("audit_trail", allowed="allowed_audit_trail", when=(("unified_auditing", ("FALSE",)),),
               severity=Outcome.WARNING, message="setting"),
        Expect("audit_sys_operations", allowed="allowed_audit_sys_operations", message="setting"),
        Expect("remote_login_passwordfile", allowed="allowed_remote_login_passwordfile", message="setting"),
        Expect("remote_os_authent", allowed="allowed_remote_os_authent", severity=Outcome.CRITICAL, message="setting"),
        Expect("remote_os_roles", allowed="allowed_remote_os_roles", severity=Outcome.CRITICAL, message="setting"),
        Expect("os_roles", allowed="allowed_os_roles", message="setting"),
        Expect("sec_case_sensitive_logon", allowed="allowed_sec_case_sensitive_logon", message="setting"),
        Expect("sql92_security", allowed="allowed_sql92_security", message="setting"),
        Expect("sec_max_failed_login_attempts", max="max_failed_login_attempts", message="setting"),
        Expect("sec_return_server_release_banner", allowed="allowed_release_banner", message="setting"),
        Expect("global_names", allowed="allowed_global_names", message="setting"),
        Expect("sec_protocol_error_further_action", allowed="allowed_protocol_error_action", message="setting"),
        Expect("resource_limit", allowed="allowed_resource_limit", message="setting"),
    ),
    messages={
        "ok": T("Security parameters as the CIS benchmark expects ({total} checked)", "安全参数符合 CIS 基准（共检查 {total} 项）"),
        "setting": T("{name} is {setting}, expected {expected} ({count} parameter(s) off)",
                     "{name} 为 {setting}，应为 {expected}（共 {count} 项不符）"),
    },
    remediation=RemediationSpec(
        text=T("Set each parameter listed in the spfile (ALTER SYSTEM SET … SCOPE=SPFILE; most need a restart) after "
               "checking what depends on it (audit_trail NONE: traditional auditing is off — unified audit policies "
               "still record in mixed mode, check AUDIT_UNIFIED_ENABLED_POLICIES; remote_os_authent TRUE lets anyone "
               "claim an OS user over the network). On RAC add SID='*'.",
               "在确认依赖关系后于 spfile 中设置所列参数（ALTER SYSTEM SET … SCOPE=SPFILE；多数需重启）（audit_trail 为 NONE："
               "传统审计已关闭——混合模式下统一审计策略仍在记录，请核对 AUDIT_UNIFIED_ENABLED_POLICIES；remote_os_authent 为 TRUE 时任何人"
               "都可通过网络冒充操作系统用户）。RAC 环境下加 SID='*'。"),
        commands={"oracle": ["ALTER SYSTEM SET audit_trail = DB SCOPE = SPFILE;",
                             "ALTER SYSTEM SET audit_sys_operations = TRUE SCOPE = SPFILE;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-PARAMETER.html"],
    ),
    timeout_s=10,
    object_key=("name",),
)
