"""BAK006 stays in the backup category, at the lowest failing severity.

GTID settings are really a replication / configuration item (the review says so). But codes are
never reused and the config category starts at the monthly tier: moving it would retire BAK006,
add a CFG code and drop the item from the daily inspection the bank runs. So it stays BAK006, with
a WARNING at most: on MySQL when GTIDs are not fully on (no GTID auto-positioning, failover and
point-in-time recovery must work by file and position); on MariaDB only when the server takes
part in replication — gtid_strict_mode OFF is MariaDB's default and harmless on a standalone
server with a binary log kept for point-in-time recovery.
"""

from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    # The binary log being off never reaches the judge: the spec requires "binlog" (not applicable).
    row = dict(rows[0]) if rows else {}
    if int(num(row.get("gtid_enforced")) or 0):
        return Verdict(outcome=Outcome.OK, message="ok", params=row)
    if ctx.engine != "mariadb":
        return Verdict(outcome=Outcome.WARNING, message="not_enforced", params=row)
    replicating = (int(num(row.get("replicas_connected")) or 0) > 0 or int(num(row.get("replication_threads")) or 0) > 0
                   or bool(ctx.facts.get("replica")))
    if replicating:
        return Verdict(outcome=Outcome.WARNING, message="not_strict", params=row)
    return Verdict(outcome=Outcome.OK, message="ok_standalone", params=row)


SPEC = CheckSpec(
    code="BAK006",
    name="gtid_not_enforced",
    title=T("GTID not enforced on the binary log", "二进制日志未强制 GTID 一致性"),
    category="backup",
    tier="daily",
    engines={
        # Without a binary log there are no GTIDs to enforce: not applicable.
        "mysql": EngineSupport(min_version="5.7", privilege="USAGE", requires=("binlog",)),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", requires=("binlog",)),
    },
    columns=("log_bin", "gtid_mode", "gtid_consistency", "gtid_enforced", "replicas_connected", "replication_threads"),
    thresholds=(),  # pt-mysql-summary "Binary Logging" reports it; catalog MY-BAK-05 (no level: WARNING at most)
    judge=judge,
    messages={
        "ok": T("GTIDs enforced (gtid_mode {gtid_mode}, {gtid_consistency})",
                "已强制 GTID（gtid_mode {gtid_mode}，{gtid_consistency}）"),
        "ok_standalone": T("{gtid_consistency} ({gtid_mode}), the MariaDB default; no replica reads this binary log and "
                           "no replication runs here, so there is nothing to diverge. Turn it on before adding replicas",
                           "{gtid_consistency}（{gtid_mode}），即 MariaDB 默认值；当前没有从库读取本机 binlog，本机也未运行复制，"
                           "不存在数据分叉风险。增加从库前请开启"),
        "not_enforced": T("binary log on but GTIDs are not fully on (gtid_mode {gtid_mode}, {gtid_consistency}): replicas "
                          "cannot auto-position, and failover and point-in-time recovery must work by binlog file and "
                          "position",
                          "已开启二进制日志但 GTID 未完全启用（gtid_mode {gtid_mode}，{gtid_consistency}）：从库无法自动定位，"
                          "主从切换和时间点恢复只能按 binlog 文件和位点进行"),
        "not_strict": T("{gtid_consistency} ({gtid_mode}) while replication runs ({replicas_connected} replica(s) "
                        "connected, {replication_threads} replication thread(s) here): out-of-order or duplicate GTIDs "
                        "are accepted, so a replica's binlog can silently diverge and GTID failover picks wrong positions",
                        "复制运行中（{replicas_connected} 个从库已连接，本机 {replication_threads} 个复制线程）但 "
                        "{gtid_consistency}（{gtid_mode}）：乱序或重复的 GTID 会被接受，从库 binlog 可能悄然分叉，按 GTID "
                        "切换时会定位错误"),
    },
    remediation=RemediationSpec(
        text=T("MySQL: follow the documented online procedure (link below), one step at a time on EVERY server of the "
               "topology before the next step: enforce_gtid_consistency = WARN, run the normal workload and check the "
               "error log shows no GTID-unsafe statements; then enforce_gtid_consistency = ON; gtid_mode = "
               "OFF_PERMISSIVE; gtid_mode = ON_PERMISSIVE; wait until Ongoing_anonymous_transaction_count is 0 on every "
               "server and every replica has applied all anonymous transactions; then gtid_mode = ON; persist the "
               "settings; only then switch replicas to SOURCE_AUTO_POSITION = 1. Going straight to ON breaks "
               "replication. MariaDB: set gtid_strict_mode = ON (dynamic) on the primary and every replica, and in the "
               "config; give each independent replication domain its own gtid_domain_id.",
               "MySQL：按官方在线启用 GTID 的步骤（见参考链接），每一步都要在拓扑中“所有”服务器上完成后再进行下一步："
               "enforce_gtid_consistency = WARN，运行正常业务并确认错误日志中没有 GTID 不安全语句；然后 enforce_gtid_consistency = ON；"
               "gtid_mode = OFF_PERMISSIVE；gtid_mode = ON_PERMISSIVE；等待每台服务器的 Ongoing_anonymous_transaction_count 为 0 "
               "且所有从库已应用完匿名事务；再设 gtid_mode = ON；持久化这些设置；最后才把从库切换为 SOURCE_AUTO_POSITION = 1。"
               "直接设为 ON 会中断复制。MariaDB：在主库和所有从库设置 gtid_strict_mode = ON（可在线修改）并写入配置文件；"
               "每个独立的复制域使用各自的 gtid_domain_id。"),
        commands={
            "mysql": [
                "-- each step on every server, and only then the next step:",
                "SET PERSIST enforce_gtid_consistency = WARN;   -- then watch the error log under normal load",
                "SET PERSIST enforce_gtid_consistency = ON;",
                "SET PERSIST gtid_mode = OFF_PERMISSIVE;",
                "SET PERSIST gtid_mode = ON_PERMISSIVE;",
                "SHOW GLOBAL STATUS LIKE 'Ongoing_anonymous_transaction_count';  -- wait for 0 everywhere",
                "SET PERSIST gtid_mode = ON;",
            ],
            "mariadb": [
                "SET GLOBAL gtid_strict_mode = ON;  -- on the primary and every replica",
                "# my.cnf [mariadb]: gtid_strict_mode = ON, gtid_domain_id = <per domain>",
            ],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/replication-mode-change-online-enable-gtids.html",
                    "https://mariadb.com/kb/en/gtid/#gtid_strict_mode"],
    ),
    timeout_s=5,
)
