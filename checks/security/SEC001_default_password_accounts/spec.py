from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome


def _rate(row, ctx):
    # Only a LOCKED account refuses the login: OPEN, EXPIRED and EXPIRED(GRACE) all accept the default
    # password (an EXPIRED one then asks for a new password, which whoever knows the default can set).
    if "LOCKED" in str(row.get("account_status") or "").upper():
        return Outcome.WARNING, "locked"
    return Outcome.CRITICAL, "open"


SPEC = CheckSpec(
    code="SEC001",
    name="default_password_accounts",
    title=T("Oracle accounts with default passwords", "Oracle 存在使用默认口令的账户"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_USERS_WITH_DEFPWD, SELECT ON DBA_USERS")},
    columns=("username", "account_status", "oracle_maintained", "product"),
    judge=rows_judge([], problem="locked", flag=_rate),
    messages={
        "ok": T("No account uses a default password", "没有账户使用默认口令"),
        "open": T("Account {username} ({account_status}, not locked) accepts its default password ({total} account(s) with "
                  "default passwords)",
                  "账户 {username}（{account_status}，未锁定）可用默认口令登录（共 {total} 个账户使用默认口令）"),
        "locked": T("{total} locked account(s) keep a default password, e.g. {username} ({account_status})",
                    "{total} 个已锁定的账户仍使用默认口令，例如 {username}（{account_status}）"),
    },
    remediation=RemediationSpec(
        text=T("Change the password of every account listed (ALTER USER … IDENTIFIED BY …) and keep unused "
               "ones locked; an account that is not locked accepts its published default password, an EXPIRED one "
               "too (the login then sets a new password): an open door (CIS Oracle Database 19c Benchmark 1.x: no "
               "default passwords).",
               "为所列每个账户修改口令（ALTER USER … IDENTIFIED BY …），并保持未使用的账户锁定；未锁定的账户（包括 EXPIRED 状态，"
               "登录时会要求设置新口令）都可用公开的默认口令登录，等同于敞开的大门（CIS Oracle Database 19c 基准：不得使用默认口令）。"),
        commands={"oracle": ["ALTER USER <user> IDENTIFIED BY \"<new password>\";", "ALTER USER <user> ACCOUNT LOCK;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_USERS_WITH_DEFPWD.html"],
    ),
    timeout_s=20,
    object_key=("username",),
)
