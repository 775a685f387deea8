from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Compliance, Outcome

# resource → (threshold, "max" | "min"): the profile's limit must be at most / at least the threshold.
RULES = {
    "FAILED_LOGIN_ATTEMPTS": ("max_failed_login_attempts", "max"),
    "PASSWORD_LIFE_TIME": ("max_password_life_days", "max"),
    "PASSWORD_GRACE_TIME": ("max_password_grace_days", "max"),
    "PASSWORD_REUSE_MAX": ("min_password_reuse_max", "min"),
    "PASSWORD_REUSE_TIME": ("min_password_reuse_days", "min"),
    "PASSWORD_LOCK_TIME": ("min_password_lock_days", "min"),
}


def limit_number(text):
    """A profile limit as a number: UNLIMITED / NULL → infinity, '1/24' → 0.0417, '90' → 90."""
    t = str(text if text is not None else "UNLIMITED").strip().upper()
    if t in ("UNLIMITED", "NULL", ""):
        return float("inf")
    try:
        if "/" in t:
            a, b = t.split("/", 1)
            return float(a) / float(b)
        return float(t)
    except ValueError:
        return None


@uses(*[t for t, _ in RULES.values()])
def judge(rows, th, ctx):
    if not rows:  # every open application account has a profile: no row = none exists, or DBA_PROFILES is hidden
        return Verdict(outcome=Outcome.SKIPPED, message="no_accounts", params={}, evidence=[])
    # PASSWORD_REUSE_MAX and _TIME work together (CREATE PROFILE): both UNLIMITED = a password may be reused at
    # once; one UNLIMITED and the other set = never reused. So UNLIMITED meets a reuse minimum only beside a limit.
    reuse = {}
    for r in rows:
        if str(r.get("resource_name")) in ("PASSWORD_REUSE_MAX", "PASSWORD_REUSE_TIME"):
            reuse.setdefault(r.get("profile"), []).append(limit_number(r.get("limit")) == float("inf"))
    free_reuse = {prof for prof, flags in reuse.items() if len(flags) == 2 and all(flags)}
    bad = []
    for r in rows:
        res = str(r.get("resource_name"))
        if res == "PASSWORD_VERIFY_FUNCTION":
            if str(r.get("limit") or "NULL").upper() in ("NULL", "UNLIMITED", "DEFAULT"):
                bad.append({**r, "expected": "a verify function (e.g. ORA12C_STRONG_VERIFY_FUNCTION)"})
            continue
        if res not in RULES:
            continue
        name, way = RULES[res]
        bound = th[name].value
        value = limit_number(r.get("limit"))
        if bound is None or value is None:
            continue
        if res.startswith("PASSWORD_REUSE_") and r.get("profile") in free_reuse:
            value = 0.0  # both UNLIMITED: no reuse restriction at all
        if (way == "max" and value > bound) or (way == "min" and value < bound):
            bad.append({**r, "expected": f"{'≤' if way == 'max' else '≥'} {bound:g}"})
    profiles = sorted({str(r["profile"]) for r in rows})
    params = {"profiles": ", ".join(profiles), "count": len(bad)}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    return Verdict(outcome=Outcome.WARNING, message="weak", params={**params, **bad[0]}, evidence=bad[:EVIDENCE_LIMIT],
                   total=len(bad), objects={ctx.object_of(b): Outcome.WARNING for b in bad})


_CIS = "CIS Oracle Database benchmark, section 3 (profile limits)"

SPEC = CheckSpec(
    code="SEC007",
    name="profile_password_policy_weak",
    title=T("Oracle profiles of application accounts with a weak password policy", "Oracle 应用账户所用概要文件的口令策略偏弱"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", container="any",
                                     privilege="SELECT ON DBA_PROFILES, SELECT ON DBA_USERS")},
    columns=("profile", "accounts", "example", "resource_name", "limit"),
    thresholds=(
        Threshold(name="max_failed_login_attempts", unit="attempts", kind="guard", value=5,
                  rationale=f"{_CIS}: FAILED_LOGIN_ATTEMPTS ≤ 5 (inspect4oracle security module, catalog ORA-SEC-02)"),
        Threshold(name="max_password_life_days", unit="days", kind="guard", value=90,
                  rationale="等保 2.0 8.1.4.1 a) passwords changed periodically: ≤ 90 days (catalog ORA-SEC-02); "
                            f"{_CIS}: PASSWORD_LIFE_TIME ≤ 90"),
        Threshold(name="max_password_grace_days", unit="days", kind="guard", value=5,
                  rationale=f"{_CIS}: PASSWORD_GRACE_TIME ≤ 5"),
        Threshold(name="min_password_reuse_max", unit="changes", kind="guard", value=20,
                  rationale=f"{_CIS}: PASSWORD_REUSE_MAX ≥ 20"),
        Threshold(name="min_password_reuse_days", unit="days", kind="guard", value=365,
                  rationale=f"{_CIS}: PASSWORD_REUSE_TIME ≥ 365"),
        Threshold(name="min_password_lock_days", unit="days", kind="guard", value=1,
                  rationale=f"{_CIS}: PASSWORD_LOCK_TIME ≥ 1"),
    ),
    judge=judge,
    object_key=("profile", "resource_name"),
    messages={
        "ok": T("The profiles of open application accounts ({profiles}) meet the password policy",
                "开放的应用账户所用概要文件（{profiles}）均符合口令策略"),
        "weak": T("Profile {profile} ({accounts} open application account(s), e.g. {example}) has {resource_name} = "
                  "{limit}, expected {expected}; {count} limit(s) short of the policy",
                  "概要文件 {profile}（{accounts} 个开放的应用账户，如 {example}）的 {resource_name} = {limit}，"
                  "应为 {expected}；共 {count} 项不符合策略"),
        "no_accounts": T("not applicable: no open, password-authenticated application account (or DBA_USERS hides "
                         "them from this user)",
                         "不适用：没有开放的、口令认证的应用账户（或 DBA_USERS 对此用户不可见）"),
    },
    remediation=RemediationSpec(
        text=T("Tighten the profile (ALTER PROFILE … LIMIT …) or move the accounts to a profile that meets the "
               "policy; for PASSWORD_VERIFY_FUNCTION use Oracle's ORA12C_STRONG_VERIFY_FUNCTION (created by "
               "@?/rdbms/admin/utlpwdmg.sql). Service accounts whose passwords a vault rotates may need their own "
               "profile with PASSWORD_LIFE_TIME UNLIMITED: list that as an accepted exception.",
               "收紧概要文件（ALTER PROFILE … LIMIT …），或将账户迁到符合策略的概要文件；PASSWORD_VERIFY_FUNCTION 使用 Oracle 的 "
               "ORA12C_STRONG_VERIFY_FUNCTION（由 @?/rdbms/admin/utlpwdmg.sql 创建）。由密码库轮换口令的服务账户可使用单独的"
               "概要文件（PASSWORD_LIFE_TIME UNLIMITED），并将其登记为已接受的例外。"),
        commands={"oracle": ["ALTER PROFILE <profile> LIMIT FAILED_LOGIN_ATTEMPTS 5 PASSWORD_LOCK_TIME 1 "
                             "PASSWORD_LIFE_TIME 90 PASSWORD_GRACE_TIME 5 PASSWORD_REUSE_MAX 20 PASSWORD_REUSE_TIME 365 "
                             "PASSWORD_VERIFY_FUNCTION ora12c_strong_verify_function;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_PROFILES.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-PROFILE.html"],
    ),
    compliance=(Compliance(framework="等保2.0", item="8.1.4.1",
                           note=T("a) password complexity and periodic change; d) login-failure handling (profile limits)",
                                  "a）口令复杂度要求并定期更换；d）登录失败处理（概要文件限制）")),),
    timeout_s=10,
)
