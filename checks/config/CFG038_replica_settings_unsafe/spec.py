from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="CFG038",
    name="replica_settings_unsafe",
    title=T("Replica writable or unsafe to promote (read_only, log_replica_updates, relay_log_purge, parallel apply)",
            "从库可写或不宜提升（read_only、log_replica_updates、relay_log_purge、并行复制）"),
    category="config",
    tier="monthly",
    engines={
        # the grants that let the session establish the replica fact (checks/adapters/mysql.py: MySQL 8's
        # replication_connection_configuration, MariaDB's SHOW ALL SLAVES STATUS); the settings need none
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON performance_schema.*",
                               requires=("performance_schema", "replica")),
        "mariadb": EngineSupport(min_version="10.5.1", privilege="SLAVE MONITOR", requires=("replica",)),
    },
    columns=("name", "setting"),
    object_key=("name",),
    thresholds=(
        Threshold(name="on", unit="value", kind="list", value=("ON",),
                  rationale="PMM mysql_config_replication_bp1 (read_only not set on a replica: error; "
                            "slave_sql_verify_checksum not 1: error), mysql_log_replica_updates (warning), "
                            "mysql_config_relay_log_purge (warning); super_read_only for MySQL 8 (catalog MY-CFG-09)"),
        Threshold(name="read_only_on", unit="values", kind="list", value=("ON", "NO_LOCK", "NO_LOCK_NO_ADMIN"),
                  rationale="PMM mysql_config_replication_bp1 (read_only not set on a replica: error). MariaDB 12.0.1+ "
                            "(MDEV-36425) makes read_only an ENUM: ON, NO_LOCK (also refuses LOCK TABLES and SELECT … "
                            "LOCK IN SHARE MODE) and NO_LOCK_NO_ADMIN (also binds READ ONLY ADMIN holders) are all "
                            "read-only"),
        Threshold(name="parallel_min", unit="threads", kind="guard", value=2,
                  rationale="PMM mysql_config_slave_parallel_workers: fewer than 2 is single-threaded replication "
                            "(warning); MySQLTuner checks MariaDB's slave_parallel_threads the same way"),
    ),
    judge=expected_settings(
        Expect("read_only", allowed="read_only_on", severity=Outcome.CRITICAL, message="writable"),
        Expect("super_read_only", allowed="on", message="super"),
        Expect("log_replica_updates", allowed="on", message="unlogged"),
        Expect("log_slave_updates", allowed="on", message="unlogged"),
        Expect("relay_log_purge", allowed="on", message="purge"),
        Expect("slave_sql_verify_checksum", allowed="on", message="checksum"),
        Expect("replica_sql_verify_checksum", allowed="on", message="checksum"),
        Expect("replica_parallel_workers", min="parallel_min", message="serial"),
        Expect("slave_parallel_threads", min="parallel_min", message="serial"),
    ),
    messages={
        "ok": T("The replica is read-only, logs what it applies, purges its relay logs, applies in parallel and "
                "verifies checksums ({total} settings read)",
                "从库只读，记录所应用的变更，清理中继日志，并行应用并校验校验和（读取 {total} 项设置）"),
        "writable": T("read_only = {setting} on a replica (expected {expected}): applications can write to it and its "
                      "data drifts from the source, breaking replication; {count} setting(s) at fault",
                      "从库的 read_only = {setting}（应为 {expected}）：应用可以向其写入，数据与主库不一致并中断复制；"
                      "共 {count} 项设置有问题"),
        "super": T("super_read_only = {setting} (expected {expected}): accounts with SUPER or CONNECTION_ADMIN can "
                   "still write to the replica; {count} setting(s) at fault",
                   "super_read_only = {setting}（应为 {expected}）：拥有 SUPER 或 CONNECTION_ADMIN 的账号仍可写入从库；"
                   "共 {count} 项设置有问题"),
        "unlogged": T("{name} = {setting} (expected {expected}): replicated changes are not in this replica's binary "
                      "log, so it cannot feed a chained replica or be promoted without rebuilding the others; "
                      "{count} setting(s) at fault",
                      "{name} = {setting}（应为 {expected}）：复制来的变更不写入本从库的二进制日志，无法作为级联复制源，提升后"
                      "其他从库需重建；共 {count} 项设置有问题"),
        "purge": T("relay_log_purge = {setting} (expected {expected}): applied relay logs are kept and fill the disk; "
                   "{count} setting(s) at fault",
                   "relay_log_purge = {setting}（应为 {expected}）：已应用的中继日志不被删除，会占满磁盘；共 {count} 项设置有问题"),
        "checksum": T("{name} = {setting} (expected {expected}): the SQL thread applies relayed events without "
                      "verifying their checksums; {count} setting(s) at fault",
                      "{name} = {setting}（应为 {expected}）：SQL 线程应用中继事件时不校验校验和；共 {count} 项设置有问题"),
        "serial": T("{name} = {setting} (expected {expected}): replication applies on one thread and lags behind a "
                    "busy source; {count} setting(s) at fault",
                    "{name} = {setting}（应为 {expected}）：复制只用单线程应用，繁忙的主库下会延迟；共 {count} 项设置有问题"),
    },
    remediation=RemediationSpec(
        text=T("On the replica: read_only (and on MySQL 8 super_read_only) ON, relay_log_purge ON, checksum "
               "verification ON, parallel apply (replica_parallel_workers / slave_parallel_threads >= 2 with "
               "binlog_format ROW on the source) — all dynamic; log_replica_updates / log_slave_updates needs a "
               "restart. MySQL 8: SET PERSIST; MariaDB: SET GLOBAL and the config file (parallel threads change "
               "with the replica threads stopped).",
               "在从库上：read_only（MySQL 8 还有 super_read_only）设为 ON，relay_log_purge ON，开启校验和校验，并行应用"
               "（replica_parallel_workers / slave_parallel_threads >= 2，且主库 binlog_format 为 ROW）——均可在线修改；"
               "log_replica_updates / log_slave_updates 需重启。MySQL 8 用 SET PERSIST；MariaDB 用 SET GLOBAL 并写入配置文件"
               "（修改并行线程数需先停止复制线程）。"),
        commands={
            "mysql": ["SET PERSIST super_read_only = ON;  -- also sets read_only", "SET PERSIST relay_log_purge = ON;",
                      "STOP REPLICA SQL_THREAD; SET PERSIST replica_parallel_workers = 4; START REPLICA SQL_THREAD;",
                      "SET PERSIST_ONLY log_replica_updates = ON;  -- applied at the next restart"],
            "mariadb": ["SET GLOBAL read_only = ON;", "SET GLOBAL relay_log_purge = ON;",
                        "STOP SLAVE; SET GLOBAL slave_parallel_threads = 4; START SLAVE;",
                        "# my.cnf [mariadb]: read_only = ON, log_slave_updates = ON (restart), slave_parallel_threads = 4"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/replication-options-replica.html",
                    "https://mariadb.com/kb/en/parallel-replication/"],
    ),
    timeout_s=5,
)
