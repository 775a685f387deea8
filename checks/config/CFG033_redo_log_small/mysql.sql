-- MySQL 8.0 before 8.0.30 (8.0.30+: mysql@8.0.30.sql; MariaDB: mariadb.sql): the redo log's size is
-- innodb_log_file_size x innodb_log_files_in_group, against the buffer pool and the redo written since
-- the start (Innodb_os_log_written over Uptime), and whether redo logging is on at all
-- (Innodb_redo_log_enabled, 8.0.21+: ALTER INSTANCE DISABLE INNODB REDO_LOG; NULL before). Bytes, seconds.
SELECT @@global.innodb_log_file_size * @@global.innodb_log_files_in_group    AS redo_bytes,
       @@global.innodb_buffer_pool_size                                       AS buffer_pool_bytes,
       (SELECT VARIABLE_VALUE FROM performance_schema.global_status
        WHERE VARIABLE_NAME = 'Innodb_os_log_written') + 0                    AS log_written_bytes,
       (SELECT VARIABLE_VALUE FROM performance_schema.global_status
        WHERE VARIABLE_NAME = 'Uptime') + 0                                   AS uptime_s,
       (SELECT VARIABLE_VALUE FROM performance_schema.global_status
        WHERE VARIABLE_NAME = 'Innodb_redo_log_enabled')                      AS redo_enabled,
       CAST(NULL AS CHAR)                                                     AS dedicated_server
