-- MariaDB replica settings, one row per setting (the expected_settings judge): read_only (no writes but
-- the replication threads'), log_slave_updates (replicated changes in the replica's own binlog, for
-- chained replicas and promotion), relay_log_purge, parallel apply threads, and checksum verification
-- of relayed events. MariaDB has no super_read_only. The spec requires a replica.
-- read_only as text, never IF(@@global.read_only, …): MariaDB 12.0.1+ (MDEV-36425) makes it an ENUM
-- (OFF, ON, NO_LOCK, NO_LOCK_NO_ADMIN) whose text is 0 as a number, so IF() read every read-only replica as
-- 'OFF'; before 12.0 CAST(… AS CHAR) of the boolean gives 'ON' / 'OFF' as well.
SELECT 'read_only' AS name, UPPER(CAST(@@global.read_only AS CHAR)) AS setting
UNION ALL SELECT 'log_slave_updates', IF(@@global.log_slave_updates, 'ON', 'OFF')
UNION ALL SELECT 'relay_log_purge', IF(@@global.relay_log_purge, 'ON', 'OFF')
UNION ALL SELECT 'slave_parallel_threads', CAST(@@global.slave_parallel_threads AS CHAR)
UNION ALL SELECT 'slave_sql_verify_checksum', IF(@@global.slave_sql_verify_checksum, 'ON', 'OFF')
