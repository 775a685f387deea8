-- MySQL 8.0.21+: as mysql.sql, plus whether InnoDB redo logging is on at all: ALTER INSTANCE DISABLE
-- INNODB REDO_LOG (meant for loading a new instance) leaves Innodb_redo_log_enabled = OFF, and an
-- unexpected stop then can lose data and corrupt the instance (MySQL manual, "Disabling Redo Logging";
-- PMM mysql_config_innodb_redolog_disabled). One row per setting (the expected_settings judge).
SELECT 'innodb_flush_log_at_trx_commit'              AS name,
       CAST(@@innodb_flush_log_at_trx_commit AS CHAR) AS setting
UNION ALL
SELECT 'sync_binlog', CAST(@@sync_binlog AS CHAR)
UNION ALL
SELECT 'log_bin', IF(@@log_bin, 'ON', 'OFF')
UNION ALL
SELECT 'innodb_redo_log_enabled', CAST(variable_value AS CHAR)
FROM performance_schema.global_status
WHERE variable_name = 'Innodb_redo_log_enabled'
