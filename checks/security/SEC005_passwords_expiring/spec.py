from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _grace(row, ctx):
    """In the grace period the account already gets ORA-28002 at every login, which many applications and
    pools treat as a failed connect; with an unlimited grace its EXPIRY_DATE is NULL."""
    if str(row.get("account_status") or "").upper().startswith("EXPIRED(GRACE)"):
        return Outcome.CRITICAL, "grace"
    return None


SPEC = CheckSpec(
    code="SEC005",
    name="passwords_expiring",
    title=T("Oracle account passwords expiring soon", "Oracle 账户口令即将过期"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_USERS")},
    columns=("username", "account_status", "profile", "oracle_maintained", "expiry_date", "days_left"),
    thresholds=(
        Threshold(name="days_left", unit="days", warning=14, critical=3, direction="below",
                  rationale="catalog ORA-SEC-03 (DBA_USERS.EXPIRY_DATE, inspect4oracle): warn two weekly inspections "
                            "ahead, critical within 3 days or in the grace period (ours)"),
    ),
    judge=rows_judge([("days_left", "days_left")], problem="expiring", flag=_grace),
    messages={
        "ok": T("No open account's password expires within {days_left_warning} days ({total} with an expiry date)",
                "没有打开状态账户的口令在 {days_left_warning} 天内过期（共 {total} 个设有过期日期）"),
        "expiring": T("Password of {username} ({account_status}, profile {profile}) expires {expiry_date}: {days_left} "
                      "days left; {count} account(s) within {days_left_warning} days",
                      "{username}（{account_status}，概要文件 {profile}）的口令将于 {expiry_date} 过期，剩余 {days_left} 天；"
                      "共 {count} 个账户在 {days_left_warning} 天内过期"),
        "grace": T("Password of {username} ({account_status}, profile {profile}) has expired: the account is in its grace "
                   "period (until {expiry_date}; none means unlimited) and gets ORA-28002 at every login; {count} account(s) "
                   "to act on",
                   "{username}（{account_status}，概要文件 {profile}）的口令已过期：账户处于宽限期（至 {expiry_date}；为空表示无限期），"
                   "每次登录都会收到 ORA-28002；共 {count} 个账户需处理"),
    },
    remediation=RemediationSpec(
        text=T("Change the password before it expires (ALTER USER … IDENTIFIED BY …) and update every place that "
               "uses it; for application accounts agree a rotation schedule, or a profile without expiry where the "
               "security policy allows.",
               "在过期前修改口令（ALTER USER … IDENTIFIED BY …）并同步更新所有使用处；应用账户需约定轮换计划，或在安全策略允许时使用不过期的概要文件。"),
        commands={"oracle": ["SELECT username, account_status, expiry_date, profile FROM dba_users WHERE expiry_date < SYSDATE + 14;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_USERS.html"],
    ),
    timeout_s=20,
    object_key=("username",),
)
