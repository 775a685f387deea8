from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    row = dict(rows[0]) if rows else {}
    problems_en, problems_zh = [], []
    if num(row.get("innodb_flush_log_at_trx_commit")) != 1:
        problems_en.append(f"innodb_flush_log_at_trx_commit = {row.get('innodb_flush_log_at_trx_commit')} "
                           "(committed transactions of about the last second are lost on an OS crash or power loss)")
        problems_zh.append(f"innodb_flush_log_at_trx_commit = {row.get('innodb_flush_log_at_trx_commit')}"
                           "（操作系统崩溃或掉电时会丢失约最近 1 秒已提交的事务）")
    if int(num(row.get("log_bin")) or 0) and num(row.get("sync_binlog")) != 1:
        problems_en.append(f"sync_binlog = {row.get('sync_binlog')} with the binary log on "
                           "(binlog and InnoDB can disagree after a crash: replicas and point-in-time recovery diverge)")
        problems_zh.append(f"sync_binlog = {row.get('sync_binlog')} 且已开启二进制日志"
                           "（崩溃后 binlog 与 InnoDB 可能不一致，导致从库和时间点恢复的数据偏差）")
    if problems_en:
        return Verdict(outcome=Outcome.WARNING, message="relaxed",
                       params={**row, "problems": "; ".join(problems_en), "problems_zh": "；".join(problems_zh)})
    return Verdict(outcome=Outcome.OK, message="ok", params=row)


SPEC = CheckSpec(
    code="BAK005",
    name="durability_relaxed",
    title=T("Commit durability relaxed (sync_binlog, innodb_flush_log_at_trx_commit)",
            "提交持久性被放宽（sync_binlog、innodb_flush_log_at_trx_commit）"),
    category="backup",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="5.7", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("log_bin", "sync_binlog", "innodb_flush_log_at_trx_commit"),
    thresholds=(),  # PMM `mysql_config_sync_binlog`, pt-variable-advisor: anything but 1 is a warning (catalog MY-BAK-04)
    judge=judge,
    messages={
        "ok": T("commits are durable (innodb_flush_log_at_trx_commit {innodb_flush_log_at_trx_commit}, "
                "sync_binlog {sync_binlog}, log_bin {log_bin})",
                "提交持久性完整（innodb_flush_log_at_trx_commit {innodb_flush_log_at_trx_commit}，"
                "sync_binlog {sync_binlog}，log_bin {log_bin}）"),
        "relaxed": T("commit durability is relaxed: {problems}", "提交持久性被放宽：{problems_zh}"),
    },
    remediation=RemediationSpec(
        text=T("Set innodb_flush_log_at_trx_commit = 1 and, with the binary log on, sync_binlog = 1 (both dynamic; "
               "persist them in the config). Relax them only on a replica or a deliberately non-durable instance, "
               "and record that decision.",
               "设置 innodb_flush_log_at_trx_commit = 1，开启二进制日志时同时设置 sync_binlog = 1（均可在线修改，并写入配置文件）。"
               "仅在从库或明确接受丢数据的实例上放宽，并登记该决定。"),
        commands={
            "mysql": [
                "SET GLOBAL innodb_flush_log_at_trx_commit = 1;",
                "SET GLOBAL sync_binlog = 1;",
                "# my.cnf [mysqld]: innodb_flush_log_at_trx_commit = 1, sync_binlog = 1",
            ],
        },
        references=["https://mariadb.com/kb/en/innodb-system-variables/#innodb_flush_log_at_trx_commit",
                    "https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html#sysvar_sync_binlog"],
    ),
    timeout_s=5,
)
