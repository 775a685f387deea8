-- MySQL 8 (MariaDB: mariadb.sql): the settings MySQLTuner adds up for the worst-case memory, one row per
-- variable, in bytes (max_connections: a count). No query cache in MySQL 8; internal temporary tables
-- (TempTable) share temptable_max_ram, which caps them only while internal_tmp_mem_storage_engine is
-- TempTable (temptable_engine 1; MEMORY: 0, each takes its own limit, as MySQLTuner counts it). The host's
-- RAM comes from the host_ram_mb threshold.
SELECT 'innodb_buffer_pool_size' AS name, @@global.innodb_buffer_pool_size AS value
UNION ALL SELECT 'key_buffer_size', @@global.key_buffer_size
UNION ALL SELECT 'innodb_log_buffer_size', @@global.innodb_log_buffer_size
UNION ALL SELECT 'read_buffer_size', @@global.read_buffer_size
UNION ALL SELECT 'read_rnd_buffer_size', @@global.read_rnd_buffer_size
UNION ALL SELECT 'sort_buffer_size', @@global.sort_buffer_size
UNION ALL SELECT 'thread_stack', @@global.thread_stack
UNION ALL SELECT 'join_buffer_size', @@global.join_buffer_size
UNION ALL SELECT 'binlog_cache_size', @@global.binlog_cache_size
UNION ALL SELECT 'tmp_table_size', @@global.tmp_table_size
UNION ALL SELECT 'max_heap_table_size', @@global.max_heap_table_size
UNION ALL SELECT 'temptable_max_ram', @@global.temptable_max_ram
UNION ALL SELECT 'temptable_engine', IF(@@global.internal_tmp_mem_storage_engine = 'TempTable', 1, 0)
UNION ALL SELECT 'max_connections', @@global.max_connections
