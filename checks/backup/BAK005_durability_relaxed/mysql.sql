-- MySQL 5.7-8.0.20 (8.0.21+: mysql@8.0.21.sql; MariaDB: mariadb.sql, the same statement).
-- Crash durability of committed transactions, one row per setting (the expected_settings judge):
-- the redo log flushed at every commit, and, with the binary log on, the binlog synced at every
-- commit. log_bin is returned for the judge's condition only.
SELECT 'innodb_flush_log_at_trx_commit'              AS name,
       CAST(@@innodb_flush_log_at_trx_commit AS CHAR) AS setting
UNION ALL
SELECT 'sync_binlog', CAST(@@sync_binlog AS CHAR)
UNION ALL
SELECT 'log_bin', IF(@@log_bin, 'ON', 'OFF')
