from checks.security._mysql import ALLOWED_RATIONALE, dengbao, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="SEC054",
    name="accounts_changed_in_window",
    title=T("Accounts created or given a new password inside the window", "窗口期内新建或修改密码的账号"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.4.3", privilege="SELECT ON mysql.global_priv"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.user"),
    },
    columns=("account", "password_changed", "state", "total"),
    object_key=("account",),
    basis="window",
    thresholds=(
        Threshold(name="allowed_accounts", unit="user@host", kind="list", value=(),
                  rationale=ALLOWED_RATIONALE + ": accounts whose password a vault rotates on schedule. Every other "
                                                "change is a review item of the weekly inspection (catalog §5: "
                                                "privilege and role changes reviewed weekly)"),
    ),
    judge=rated_judge(lambda row, th, ctx: (Outcome.WARNING, "changed")),
    messages={
        "ok": T("No account was created or given a new password inside the window ({exempt} approved rotation(s)); a "
                "GRANT or REVOKE alone leaves no trace in the server's state",
                "窗口期内没有新建或修改密码的账号（已批准的定期轮换 {exempt} 个）；单独的 GRANT 或 REVOKE 不会在服务器状态中留下痕迹"),
        "changed": T("{count} account(s) created or given a new password inside the window, latest {account} at "
                     "{password_changed} UTC: {offenders}; check each against a change ticket",
                     "窗口期内有 {count} 个账号新建或修改了密码，最近的是 {account}（UTC {password_changed}）：{offenders}；"
                     "请逐一核对变更工单"),
    },
    remediation=RemediationSpec(
        text=T("Match every account listed to an approved change. An unknown one: lock it (ACCOUNT LOCK), look at what "
               "it holds (SHOW GRANTS) and who created it (the audit log, SEC053). To see grant changes too, keep an "
               "audit plugin logging DCL statements; the server itself records only password changes.",
               "将所列每个账号与已批准的变更对应。无法对应的账号：先锁定（ACCOUNT LOCK），查看其权限（SHOW GRANTS）及创建者（审计日志，"
               "见 SEC053）。若还需发现授权变更，请让审计插件记录 DCL 语句；服务器本身只记录密码修改时间。"),
        commands={
            "mariadb": ["SHOW GRANTS FOR 'user'@'host';", "ALTER USER 'user'@'host' ACCOUNT LOCK;",
                        "SET GLOBAL server_audit_events = 'CONNECT,QUERY_DDL,QUERY_DCL';"],
            "mysql": ["SHOW GRANTS FOR 'user'@'host';", "ALTER USER 'user'@'host' ACCOUNT LOCK;"],
        },
        references=["https://mariadb.com/kb/en/mysqlglobal_priv-table/",
                    "https://dev.mysql.com/doc/refman/8.0/en/grant-tables.html#grant-tables-user-db"],
    ),
    compliance=(
        dengbao("8.1.4.2", "c) surplus accounts are found and removed: new and re-passworded accounts are reviewed",
                "c）应及时删除或停用多余的账户：新建与改密账号须经核对"),
    ),
    timeout_s=5,
)
