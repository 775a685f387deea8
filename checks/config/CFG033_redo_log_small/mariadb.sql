-- MariaDB: the redo log's size (one file, innodb_log_file_size, from 10.5; dynamic from 10.9) against the
-- buffer pool, and how much redo the server has written since it started (Innodb_os_log_written over
-- Uptime: the hourly rate). Bytes, seconds. MariaDB cannot disable redo logging at runtime nor size it
-- itself (MySQL 8's redo_enabled / dedicated_server): NULL.
SELECT @@global.innodb_log_file_size                                          AS redo_bytes,
       @@global.innodb_buffer_pool_size                                       AS buffer_pool_bytes,
       (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
        WHERE VARIABLE_NAME = 'INNODB_OS_LOG_WRITTEN') + 0                    AS log_written_bytes,
       (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
        WHERE VARIABLE_NAME = 'UPTIME') + 0                                   AS uptime_s,
       CAST(NULL AS CHAR)                                                     AS redo_enabled,
       CAST(NULL AS CHAR)                                                     AS dedicated_server
