from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("expires_in_days", "no_expiry_exempt")
def judge(rows, th, ctx) -> Verdict:
    """A LOGIN role whose password expires within expires_in_days (or has expired: days_left ≤ 0) is at
    fault by the level; one with no expiry at all is a WARNING (等保 8.1.4.1 a: authentication
    information is changed regularly) unless listed in no_expiry_exempt (peer / cert / LDAP roles)."""
    levels, exempt = th["expires_in_days"], {str(r) for r in th["no_expiry_exempt"].value or ()}
    rated = []
    for r in rows:
        days = num(r.get("days_left"))
        if days is None:
            o, key = (Outcome.OK, "ok") if str(r.get("role_name")) in exempt else (Outcome.WARNING, "no_expiry")
        else:
            o = levels.classify(days)
            key = "expired" if days <= 0 else "expiring"
        rated.append((r, o, key))
    bad = [x for x in rated if x[1] is not Outcome.OK]
    # expired first, then the soonest to expire, then the ones that never expire
    bad.sort(key=lambda x: (-x[1].rank, num(x[0].get("days_left")) if x[0].get("days_left") is not None else 1e18))
    total = int(num(rows[0].get("login_roles")) or len(rows)) if rows else 0
    counts = {k: sum(1 for *_, kk in bad if kk == k) for k in ("expired", "expiring", "no_expiry")}
    params = {"total": total, "count": len(bad), **{f"{k}_count": v for k, v in counts.items()}}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, outcome, key = bad[0]
    days = num(worst.get("days_left"))
    return Verdict(outcome=outcome, message=key,
                   params={**params, **worst, "days": abs(days) if days is not None else None},
                   evidence=[r for r, *_ in bad][:EVIDENCE_LIMIT], total=len(bad),
                   objects={str(r["role_name"]): o for r, o, _ in bad})


SPEC = CheckSpec(
    code="SEC021",
    name="role_password_expiry",
    title=T("Login role passwords expired, expiring or never expiring", "登录角色口令已过期、即将过期或永不过期"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("role_name", "superuser", "valid_until", "days_left", "login_roles"),
    object_key=("role_name",),
    thresholds=(
        Threshold(name="expires_in_days", unit="days", warning=30, critical=10, direction="below",
                  rationale="PMM advisor postgresql_expiring_passwd_check raises an error at 10 days or fewer "
                            "(catalog PG-SEC-02); 30 days' notice leaves a weekly inspection four chances to rotate it"),
        Threshold(name="no_expiry_exempt", unit="role", kind="list", value=(),
                  rationale="LOGIN roles allowed to have no VALID UNTIL because they never authenticate by password "
                            "(peer, cert, LDAP, Kerberos); 等保 2.0 8.1.4.1 a) wants authentication information changed "
                            "regularly (digoal's 巡检 lists 用户密码到期时间) — none exempt by default"),
    ),
    judge=judge,
    messages={
        "ok": T("All {total} login role(s) have a password expiry more than {expires_in_days_warning} days away "
                "(or are exempt)",
                "全部 {total} 个登录角色的口令有效期均在 {expires_in_days_warning} 天以后（或已豁免）"),
        "expired": T("{count} login role(s) at fault: {role_name}'s password expired {days} day(s) ago "
                     "({valid_until}) and it still has LOGIN ({expired_count} expired, {expiring_count} expiring within "
                     "{expires_in_days_warning} days, {no_expiry_count} never expiring)",
                     "{count} 个登录角色存在问题：{role_name} 的口令已于 {days} 天前（{valid_until}）过期但仍可登录"
                     "（已过期 {expired_count} 个，{expires_in_days_warning} 天内过期 {expiring_count} 个，"
                     "永不过期 {no_expiry_count} 个）"),
        "expiring": T("{count} login role(s) at fault: {role_name}'s password expires in {days} day(s) ({valid_until}; "
                      "threshold {expires_in_days_warning}) ({expiring_count} expiring, {no_expiry_count} never expiring)",
                      "{count} 个登录角色存在问题：{role_name} 的口令将在 {days} 天后（{valid_until}）过期（阈值 "
                      "{expires_in_days_warning} 天）（即将过期 {expiring_count} 个，永不过期 {no_expiry_count} 个）"),
        "no_expiry": T("{no_expiry_count} of {total} login role(s) have no password expiry (VALID UNTIL), e.g. "
                       "{role_name}; list roles that never use a password in no_expiry_exempt",
                       "{total} 个登录角色中有 {no_expiry_count} 个未设置口令有效期（VALID UNTIL），例如 {role_name}；"
                       "不使用口令认证的角色可列入 no_expiry_exempt"),
    },
    remediation=RemediationSpec(
        text=T("Rotate the password of a role about to expire and set a new expiry; disable (NOLOGIN) or drop a role "
               "whose password has expired if nobody uses it — VALID UNTIL only stops password logins, not peer, cert "
               "or trust. Give every password role an expiry that the site's policy allows (e.g. 90 days).",
               "为即将过期的角色更换口令并设置新的有效期；口令已过期且无人使用的角色应禁用（NOLOGIN）或删除——"
               "VALID UNTIL 只阻止口令登录，不阻止 peer、cert 或 trust 认证。为每个使用口令的角色设置符合"
               "本单位策略的有效期（如 90 天）。"),
        commands={"postgresql": [
            "SELECT rolname, rolvaliduntil FROM pg_roles WHERE rolcanlogin ORDER BY rolvaliduntil NULLS LAST;",
            "ALTER ROLE <role_name> PASSWORD '<new password>' VALID UNTIL '<YYYY-MM-DD>';  -- psql: \\password <role_name>, then ALTER ROLE … VALID UNTIL",
            "ALTER ROLE <role_name> NOLOGIN;  -- an expired role nobody uses",
        ]},
        references=["https://www.postgresql.org/docs/current/sql-alterrole.html",
                    "https://www.postgresql.org/docs/current/catalog-pg-authid.html"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="4.4", title=T("Lock Out Accounts if Not Currently in Use",
                                                                     "锁定当前未使用的账户"),
                   note=T("a role whose password expired and that nobody uses should be NOLOGIN",
                          "口令已过期且无人使用的角色应设为 NOLOGIN")),
        Compliance(framework="等保2.0", item="8.1.4.1",
                   note=T("a) authentication information has complexity requirements and is changed regularly",
                          "a）身份鉴别信息具有复杂度要求并定期更换")),
        Compliance(framework="等保2.0", item="8.1.4.2",
                   note=T("c) delete or disable redundant and expired accounts in time",
                          "c）应及时删除或停用多余的、过期的账户")),
    ),
    timeout_s=5,
)
