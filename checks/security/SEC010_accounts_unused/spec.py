from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Compliance, Outcome


@uses("max_unused_days", "allowed_accounts")
def judge(rows, th, ctx):
    limit = th["max_unused_days"].value
    allowed = {str(a).upper() for a in th["allowed_accounts"].value or ()}
    bad = []
    for r in rows:
        if str(r.get("username") or "").upper() in allowed:
            continue
        since, age = num(r.get("days_since_login")), num(r.get("days_since_created"))
        if since is not None and since > limit:
            bad.append({**r, "why": f"no login for {since:g} days"})
        elif since is None and age is not None and age > limit:
            bad.append({**r, "why": f"never logged in, created {age:g} days ago"})
    params = {"count": len(bad), "total": len(rows), "max_unused_days": f"{limit:g}"}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[], objects={})
    return Verdict(outcome=Outcome.WARNING, message="unused", params={**params, **bad[0]}, evidence=bad[:EVIDENCE_LIMIT],
                   total=len(bad), objects={ctx.object_of(b): Outcome.WARNING for b in bad})


SPEC = CheckSpec(
    code="SEC010",
    name="accounts_unused",
    title=T("Oracle open application accounts unused for long", "Oracle 长期未使用的开放应用账户"),
    category="security",
    tier="weekly",
    # Primary only: a physical standby's DBA_USERS is the primary's and a read-only database records no login, so
    # LAST_LOGIN there shows the primary's logins; the primary's inspection rates the same accounts.
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON DBA_USERS", container="any",
                                     roles=("primary",))},
    columns=("username", "account_status", "profile", "created", "last_login", "days_since_login", "days_since_created"),
    thresholds=(
        Threshold(name="max_unused_days", unit="days", kind="guard", value=90,
                  rationale="catalog ORA-SEC-03 (DBA_USERS.LAST_LOGIN: unused accounts, inspect4oracle); 等保 2.0 "
                            "8.1.4.2 c) remove or disable surplus and expired accounts; 90 days are ours, under the CIS "
                            "Oracle benchmark's INACTIVE_ACCOUNT_TIME ≤ 120"),
        Threshold(name="allowed_accounts", unit="user", kind="list", value=(),
                  rationale="accounts that are rightly idle (a break-glass account, a yearly batch); none by default"),
    ),
    judge=judge,
    object_key=("username",),
    messages={
        "ok": T("Every open application account has logged in within {max_unused_days} days ({total} checked)",
                "所有开放的应用账户在 {max_unused_days} 天内都有登录（共检查 {total} 个）"),
        "unused": T("{count} open application account(s) unused for more than {max_unused_days} days, e.g. {username} "
                    "({why}; profile {profile})",
                    "{count} 个开放的应用账户超过 {max_unused_days} 天未使用，例如 {username}（{why}；概要文件 {profile}）"),
    },
    remediation=RemediationSpec(
        text=T("Ask each account's owner; lock what nobody claims (ALTER USER … ACCOUNT LOCK) and drop it after the "
               "site's retention period. Let Oracle do it from now on with the profile limit INACTIVE_ACCOUNT_TIME.",
               "逐一向账户负责人确认；无人认领的先锁定（ALTER USER … ACCOUNT LOCK），超过站点保留期后删除。今后可用概要文件"
               "限制 INACTIVE_ACCOUNT_TIME 让 Oracle 自动锁定。"),
        commands={"oracle": ["ALTER USER <user> ACCOUNT LOCK;", "ALTER PROFILE <profile> LIMIT INACTIVE_ACCOUNT_TIME 90;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_USERS.html"],
    ),
    compliance=(Compliance(framework="等保2.0", item="8.1.4.2",
                           note=T("c) surplus and expired accounts removed or disabled: open accounts unused for long",
                                  "c）应及时删除或停用多余的、过期的账户：长期未使用的开放账户")),),
    timeout_s=10,
)
