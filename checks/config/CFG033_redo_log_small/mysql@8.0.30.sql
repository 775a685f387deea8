-- MySQL 8.0.30+: the redo log's size is innodb_redo_log_capacity (innodb_log_file_size and
-- innodb_log_files_in_group are deprecated), against the buffer pool and the redo written since the
-- start (Innodb_os_log_written over Uptime); whether redo logging is on (Innodb_redo_log_enabled: ALTER
-- INSTANCE DISABLE INNODB REDO_LOG turns it off) and innodb_dedicated_server (ON: MySQL sizes the redo log
-- itself). Bytes, seconds.
SELECT @@global.innodb_redo_log_capacity                                      AS redo_bytes,
       @@global.innodb_buffer_pool_size                                       AS buffer_pool_bytes,
       (SELECT VARIABLE_VALUE FROM performance_schema.global_status
        WHERE VARIABLE_NAME = 'Innodb_os_log_written') + 0                    AS log_written_bytes,
       (SELECT VARIABLE_VALUE FROM performance_schema.global_status
        WHERE VARIABLE_NAME = 'Uptime') + 0                                   AS uptime_s,
       (SELECT VARIABLE_VALUE FROM performance_schema.global_status
        WHERE VARIABLE_NAME = 'Innodb_redo_log_enabled')                      AS redo_enabled,
       IF(@@global.innodb_dedicated_server, 'ON', 'OFF')                      AS dedicated_server
