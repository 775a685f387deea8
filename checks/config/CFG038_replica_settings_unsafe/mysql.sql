-- MySQL 8.0 before 8.0.26 (8.0.26+: mysql@8.0.26.sql, the replica_* names; MariaDB: mariadb.sql):
-- replica settings, one row per setting (the expected_settings judge), under their slave_* names.
SELECT 'read_only' AS name, IF(@@global.read_only, 'ON', 'OFF') AS setting
UNION ALL SELECT 'super_read_only', IF(@@global.super_read_only, 'ON', 'OFF')
UNION ALL SELECT 'log_replica_updates', IF(@@global.log_slave_updates, 'ON', 'OFF')
UNION ALL SELECT 'relay_log_purge', IF(@@global.relay_log_purge, 'ON', 'OFF')
UNION ALL SELECT 'replica_parallel_workers', CAST(@@global.slave_parallel_workers AS CHAR)
UNION ALL SELECT 'replica_sql_verify_checksum', IF(@@global.slave_sql_verify_checksum, 'ON', 'OFF')
