from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    row = dict(rows[0]) if rows else {}
    if not int(num(row.get("log_bin")) or 0):
        return Verdict(outcome=Outcome.OK, message="no_binlog", params=row)
    if not int(num(row.get("gtid_enforced")) or 0):
        return Verdict(outcome=Outcome.WARNING, message="not_enforced", params=row)
    return Verdict(outcome=Outcome.OK, message="ok", params=row)


SPEC = CheckSpec(
    code="BAK006",
    name="gtid_not_enforced",
    title=T("GTID not enforced on the binary log", "二进制日志未强制 GTID 一致性"),
    category="backup",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="5.7", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("log_bin", "gtid_mode", "gtid_consistency", "gtid_enforced"),
    thresholds=(),  # pt-mysql-summary "Binary Logging" reports it; catalog MY-BAK-05: not enforced with binlog on = warning
    judge=judge,
    messages={
        "ok": T("GTIDs enforced (gtid_mode {gtid_mode}, {gtid_consistency})",
                "已强制 GTID（gtid_mode {gtid_mode}，{gtid_consistency}）"),
        "no_binlog": T("binary log off: GTID settings do not apply (see BAK004)",
                       "二进制日志未开启：GTID 设置不适用（见 BAK004）"),
        "not_enforced": T("binary log on but GTIDs are not enforced (gtid_mode {gtid_mode}, {gtid_consistency}): "
                          "replica failover and point-in-time recovery by GTID are unsafe",
                          "已开启二进制日志但未强制 GTID（gtid_mode {gtid_mode}，{gtid_consistency}）：按 GTID 做主从切换"
                          "和时间点恢复存在风险"),
    },
    remediation=RemediationSpec(
        text=T("MySQL: move gtid_mode step by step OFF → OFF_PERMISSIVE → ON_PERMISSIVE → ON with "
               "enforce_gtid_consistency = ON (all online). MariaDB: set gtid_strict_mode = ON on the primary and every "
               "replica (dynamic) and give each replication domain its own gtid_domain_id.",
               "MySQL：先设置 enforce_gtid_consistency = ON，再将 gtid_mode 逐级调整 OFF → OFF_PERMISSIVE → ON_PERMISSIVE → ON"
               "（均可在线修改）。MariaDB：在主库和所有从库设置 gtid_strict_mode = ON（可在线修改），并为每个复制域设置独立的 gtid_domain_id。"),
        commands={
            "mysql": [
                "SET GLOBAL enforce_gtid_consistency = ON;",
                "SET GLOBAL gtid_mode = OFF_PERMISSIVE; SET GLOBAL gtid_mode = ON_PERMISSIVE; SET GLOBAL gtid_mode = ON;",
            ],
            "mariadb": [
                "SET GLOBAL gtid_strict_mode = ON;",
                "# my.cnf [mysqld]: gtid_strict_mode = ON, gtid_domain_id = <per domain>",
            ],
        },
        references=["https://mariadb.com/kb/en/gtid/#gtid_strict_mode",
                    "https://dev.mysql.com/doc/refman/8.0/en/replication-mode-change-online-enable-gtids.html"],
    ),
    timeout_s=5,
)
