from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

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
    columns=("name", "setting"),
    object_key=("name",),  # a replica relaxed on purpose is acknowledged per setting
    thresholds=(
        Threshold(name="flush_log_mysql", unit="values", kind="list", value=("1",),
                  rationale="PMM / pt-variable-advisor: innodb_flush_log_at_trx_commit other than 1 loses about a "
                            "second of commits on an OS crash (catalog MY-BAK-04); MySQL knows 0, 1, 2"),
        Threshold(name="flush_log_mariadb", unit="values", kind="list", value=("1", "3"),
                  rationale="catalog MY-BAK-04; the MariaDB docs describe 3 as writing and flushing the redo log at "
                            "each commit like 1 (the 5.5 group-commit mode), so it is durable: 1 and 3 are accepted"),
        Threshold(name="redo_log", unit="values", kind="list", value=("ON",),
                  rationale="PMM `mysql_config_innodb_redolog_disabled` (severity error): MySQL 8.0.21+ can switch "
                            "InnoDB redo logging off (ALTER INSTANCE DISABLE INNODB REDO_LOG), and the manual warns "
                            "an unexpected stop then can lose data and corrupt the instance: CRITICAL"),
        Threshold(name="sync_binlog", unit="values", kind="list", value=("1",),
                  rationale="PMM `mysql_config_sync_binlog`, pt-variable-advisor (catalog MY-BAK-04): with the binary "
                            "log on, anything but 1 can lose binlogged commits on an OS crash"),
    ),
    judge=expected_settings(
        Expect("innodb_flush_log_at_trx_commit", allowed="flush_log_mysql", engines=("mysql",), message="flush_log"),
        Expect("innodb_flush_log_at_trx_commit", allowed="flush_log_mariadb", engines=("mariadb",), message="flush_log"),
        Expect("sync_binlog", allowed="sync_binlog", when=(("log_bin", ("ON",)),), message="sync_binlog"),
        Expect("innodb_redo_log_enabled", allowed="redo_log", engines=("mysql",), min_version="8.0.21",
               severity=Outcome.CRITICAL, message="redo_log"),
    ),
    messages={
        "ok": T("commits are durable: innodb_flush_log_at_trx_commit, and sync_binlog where the binary log is on, are "
                "as expected ({total} settings read)",
                "提交持久性完整：innodb_flush_log_at_trx_commit 以及开启二进制日志时的 sync_binlog 均符合要求（读取 {total} 项设置）"),
        "flush_log": T("commit durability is relaxed: innodb_flush_log_at_trx_commit = {setting} (expected {expected}), so "
                       "committed transactions of about the last second are lost on an OS crash or power loss; "
                       "{count} setting(s) relaxed in all",
                       "提交持久性被放宽：innodb_flush_log_at_trx_commit = {setting}（应为 {expected}），操作系统崩溃或掉电时"
                       "会丢失约最近 1 秒已提交的事务；共 {count} 项设置被放宽"),
        "redo_log": T("InnoDB redo logging is disabled (Innodb_redo_log_enabled = {setting}, expected {expected}; "
                      "ALTER INSTANCE DISABLE INNODB REDO_LOG): an unexpected stop or power loss can lose committed "
                      "data and leave the instance unrecoverable; {count} setting(s) relaxed in all",
                      "InnoDB 重做日志已被关闭（Innodb_redo_log_enabled = {setting}，应为 {expected}；ALTER INSTANCE DISABLE "
                      "INNODB REDO_LOG）：意外停机或掉电会丢失已提交的数据，甚至导致实例无法恢复；共 {count} 项设置被放宽"),
        "sync_binlog": T("commit durability is relaxed: sync_binlog = {setting} with the binary log on (expected "
                         "{expected}), so after an OS crash the binlog can lack commits InnoDB kept: replicas and "
                         "point-in-time recovery diverge; {count} setting(s) relaxed in all",
                         "提交持久性被放宽：已开启二进制日志但 sync_binlog = {setting}（应为 {expected}），操作系统崩溃后 binlog "
                         "可能缺少 InnoDB 已提交的事务，导致从库和时间点恢复的数据偏差；共 {count} 项设置被放宽"),
    },
    remediation=RemediationSpec(
        text=T("Set innodb_flush_log_at_trx_commit = 1 (MariaDB: 1 or 3) and, with the binary log on, sync_binlog = 1; "
               "both are dynamic, persist them in the config. A replica that can be rebuilt, or a Galera node relying "
               "on the cluster for durability, may be relaxed on purpose: then acknowledge that setting with the "
               "reason (dbpatrol ack add BAK005 --instance <name> --object sync_binlog --reason '...').",
               "设置 innodb_flush_log_at_trx_commit = 1（MariaDB 为 1 或 3），开启二进制日志时设置 sync_binlog = 1；两者均可在线修改，"
               "并需写入配置文件。可重建的从库或依靠集群保证持久性的 Galera 节点可以有意放宽：请对该设置执行确认并写明原因"
               "（dbpatrol ack add BAK005 --instance <实例名> --object sync_binlog --reason '…'）。"),
        commands={
            "mysql": [
                "SET PERSIST innodb_flush_log_at_trx_commit = 1;",
                "SET PERSIST sync_binlog = 1;",
                "ALTER INSTANCE ENABLE INNODB REDO_LOG;  -- 8.0.21+, when Innodb_redo_log_enabled is OFF "
                "(needs INNODB_REDO_LOG_ENABLE)",
            ],
            "mariadb": [
                "SET GLOBAL innodb_flush_log_at_trx_commit = 1;",
                "SET GLOBAL sync_binlog = 1;",
                "# my.cnf [mariadb]: innodb_flush_log_at_trx_commit = 1, sync_binlog = 1",
            ],
        },
        references=["https://mariadb.com/kb/en/innodb-system-variables/#innodb_flush_log_at_trx_commit",
                    "https://dev.mysql.com/doc/refman/8.0/en/innodb-parameters.html#sysvar_innodb_flush_log_at_trx_commit",
                    "https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html#sysvar_sync_binlog",
                    "https://dev.mysql.com/doc/refman/8.0/en/alter-instance.html"],
    ),
    timeout_s=5,
)
