from checks.judges import Expect, expected_settings, uses
from checks.security._mysql import cis_mariadb, cis_mysql, dengbao
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_settings = expected_settings(
    Expect("simple_password_check_minimal_length", min="min_length", engines=("mariadb",), message="weak"),
    Expect("strict_password_validation", allowed="allowed_strict_validation", engines=("mariadb",), message="weak"),
    Expect("validate_password.length", min="min_length", engines=("mysql",), message="weak"),
    Expect("validate_password.policy", allowed="allowed_policies", engines=("mysql",), message="weak"),
    # what makes MEDIUM / STRONG more than a length: a password may not be the user name, and each
    # character class is asked for at least once (0 turns the class check off)
    Expect("validate_password.check_user_name", allowed="allowed_check_user_name", engines=("mysql",), message="weak"),
    *(Expect(f"validate_password.{c}_count", min="min_class_count", engines=("mysql",), message="weak",
             when=(("validate_password.policy", ("MEDIUM", "STRONG", "1", "2")),))
      for c in ("mixed_case", "number", "special_char")),
    # MariaDB simple_password_check: digits, letters of each case, other characters (defaults 1 each)
    *(Expect(f"simple_password_check_{c}", min="min_class_count", engines=("mariadb",), message="weak")
      for c in ("digits", "letters_same_case", "other_characters")),
)


@uses(*_settings.uses)
def _judge(rows, th, ctx):
    active = next((str(r.get("setting")) for r in rows if r.get("name") == "password_validation"), "NONE")
    if active.upper() == "NONE":
        row = next(r for r in rows if r.get("name") == "password_validation") if rows else {"name": "password_validation"}
        return Verdict(outcome=Outcome.CRITICAL, message="none", params={"total": len(rows)},
                       evidence=[{**row, "expected": "a password validation plugin/component"}],
                       objects={"password_validation": Outcome.CRITICAL})
    v = _settings(rows, th, ctx)
    v.params["validators"] = active
    return v


SPEC = CheckSpec(
    code="SEC045",
    name="password_validation_weak",
    title=T("New passwords not checked for strength, or checked weakly", "未校验新密码强度或校验规则过弱"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.4", privilege="USAGE"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON performance_schema.*"),
    },
    columns=("name", "setting"),
    object_key=("name",),
    thresholds=(
        Threshold(name="min_length", unit="characters", kind="guard", value=14,
                  rationale="CIS MySQL 8.0 7.5 (validate_password.length) and CIS MariaDB 10.11 7.4 "
                            "(simple_password_check_minimal_length) ask 14 or more; both servers default to 8, which "
                            "is the floor 等保 assessors usually accept (set SEC045.min_length=8 for that policy)"),
        Threshold(name="allowed_policies", unit="values", kind="list", value=("MEDIUM", "STRONG"),
                  rationale="PMM mysql_security_password_policy flags LOW (length only); CIS MySQL 8.0 7.5 asks STRONG"),
        Threshold(name="allowed_check_user_name", unit="values", kind="list", value=("ON",),
                  rationale="CIS MySQL 8.0 Enterprise Benchmark v1.3.0 L1 (Password Complexity): "
                            "validate_password.check_user_name = ON, else a password may be the user name"),
        Threshold(name="min_class_count", unit="characters", kind="guard", value=1,
                  rationale="CIS MySQL 8.0 Enterprise Benchmark v1.3.0 L1 (Password Complexity): "
                            "validate_password.mixed_case_count, number_count, special_char_count at least 1; "
                            "MariaDB's simple_password_check_digits / _letters_same_case / _other_characters "
                            "default to 1: at 0 the policy checks the length only"),
        Threshold(name="allowed_strict_validation", unit="values", kind="list", value=("ON",),
                  rationale="CIS MariaDB 10.11 7.4 / 7.7: strict_password_validation ON, or a client sets a hash "
                            "the plugins never see"),
    ),
    judge=_judge,
    messages={
        "ok": T("New passwords are checked for strength ({validators}): every setting as expected ({total} read)",
                "新密码均经过强度校验（{validators}）：各项设置符合要求（读取 {total} 项）"),
        "none": T("No password validation is active: the server accepts any new password, even one character or "
                  "the user name",
                  "未启用任何密码强度校验：服务器接受任意新密码，哪怕只有一个字符或与用户名相同"),
        "weak": T("Password validation ({validators}) is weaker than expected: {name} = {setting}, expected {expected}; "
                  "{count} setting(s) off",
                  "密码强度校验（{validators}）弱于要求：{name} = {setting}，应为 {expected}；共 {count} 项不符"),
    },
    remediation=RemediationSpec(
        text=T("Load a password validation plugin (MariaDB: simple_password_check, optionally cracklib_password_check, "
               "FORCE_PLUS_PERMANENT so it cannot be unloaded) or the MySQL validate_password component, and set the "
               "length and policy. Existing passwords are not re-checked: have weak ones changed.",
               "加载密码校验插件（MariaDB：simple_password_check，可加 cracklib_password_check，并设为 FORCE_PLUS_PERMANENT 防止被卸载）"
               "或 MySQL 的 validate_password 组件，并设置长度与策略。已有密码不会被重新校验：需安排修改弱密码。"),
        commands={
            "mariadb": ["INSTALL SONAME 'simple_password_check';",
                        "SET GLOBAL simple_password_check_minimal_length = 14;",
                        "# my.cnf [mariadb]: plugin_load_add = simple_password_check, simple_password_check = "
                        "FORCE_PLUS_PERMANENT, simple_password_check_minimal_length = 14, strict_password_validation = ON"],
            "mysql": ["INSTALL COMPONENT 'file://component_validate_password';",
                      "SET PERSIST validate_password.length = 14;",
                      "SET PERSIST validate_password.policy = STRONG;"],
        },
        references=["https://mariadb.com/kb/en/simple-password-check-plugin/",
                    "https://dev.mysql.com/doc/refman/8.0/en/validate-password.html",
                    "https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/validate-password-policy.html"],
    ),
    compliance=(
        cis_mysql("7.5", "Ensure Password Complexity Policies are in Place", "确保已实施密码复杂度策略"),
        cis_mariadb("7.4", "Ensure Password Complexity Policies are in Place", "确保已实施密码复杂度策略"),
        dengbao("8.1.4.1", "a) authentication information has complexity requirements",
                "a）身份鉴别信息具有复杂度要求"),
    ),
    timeout_s=5,
)
