-- MySQL 8: global status from performance_schema.global_status (information_schema.GLOBAL_STATUS is gone),
-- as name, value pairs pivoted into one '(instance)' row by checks/samples; see mariadb/status.sql for
-- what is read and why. MySQL has no Aborted_connects_preauth or Innodb_deadlocks (its deadlocks are
-- INNODB_METRICS lock_deadlocks: source my.innodb_metrics), nor the Innodb_adaptive_hash_*_searches status entries
-- (MariaDB's; MySQL 8 keeps them in INNODB_METRICS: my.innodb_metrics' adaptive_hash object): those names match nothing
-- here and are harmless.
SELECT LOWER(variable_name) AS name, variable_value AS value
FROM performance_schema.global_status
WHERE UPPER(variable_name) IN ('ABORTED_CLIENTS', 'ABORTED_CONNECTS', 'ABORTED_CONNECTS_PREAUTH', 'BYTES_RECEIVED', 'BYTES_SENT',
       'COM_COMMIT', 'COM_DELETE', 'COM_INSERT', 'COM_ROLLBACK', 'COM_SELECT', 'COM_UPDATE', 'CONNECTIONS',
       'CONNECTION_ERRORS_ACCEPT', 'CONNECTION_ERRORS_INTERNAL', 'CONNECTION_ERRORS_MAX_CONNECTIONS',
       'CONNECTION_ERRORS_PEER_ADDRESS', 'CONNECTION_ERRORS_SELECT', 'CONNECTION_ERRORS_TCPWRAP',
       'CREATED_TMP_DISK_TABLES', 'CREATED_TMP_FILES', 'CREATED_TMP_TABLES', 'HANDLER_COMMIT', 'HANDLER_ROLLBACK',
       'HANDLER_READ_RND_NEXT',
       'INNODB_ADAPTIVE_HASH_HASH_SEARCHES', 'INNODB_ADAPTIVE_HASH_NON_HASH_SEARCHES',
       'INNODB_BUFFER_POOL_READS', 'INNODB_BUFFER_POOL_READ_REQUESTS', 'INNODB_BUFFER_POOL_WAIT_FREE',
       'INNODB_DATA_WRITTEN', 'INNODB_DEADLOCKS', 'INNODB_HISTORY_LIST_LENGTH', 'INNODB_LOG_WAITS',
       'INNODB_LOG_WRITES', 'INNODB_LOG_WRITE_REQUESTS', 'INNODB_OS_LOG_WRITTEN', 'INNODB_ROW_LOCK_CURRENT_WAITS',
       'INNODB_ROW_LOCK_TIME', 'INNODB_ROW_LOCK_WAITS', 'MAX_USED_CONNECTIONS', 'OPENED_TABLES',
       'PERFORMANCE_SCHEMA_DIGEST_LOST', 'QUERIES', 'QUESTIONS', 'SELECT_FULL_JOIN', 'SELECT_RANGE_CHECK', 'SELECT_SCAN',
       'SLOW_QUERIES', 'SORT_MERGE_PASSES', 'SORT_RANGE', 'SORT_SCAN', 'TABLE_LOCKS_WAITED', 'TABLE_OPEN_CACHE_HITS',
       'TABLE_OPEN_CACHE_MISSES', 'TABLE_OPEN_CACHE_OVERFLOWS',
       'THREADS_CONNECTED', 'THREADS_CREATED', 'THREADS_RUNNING', 'UPTIME', 'UPTIME_SINCE_FLUSH_STATUS')
UNION ALL
SELECT 'max_connections', @@global.max_connections
UNION ALL
SELECT 'connection_errors_other', SUM(variable_value)
FROM performance_schema.global_status
WHERE UPPER(variable_name) IN ('CONNECTION_ERRORS_ACCEPT', 'CONNECTION_ERRORS_INTERNAL', 'CONNECTION_ERRORS_PEER_ADDRESS',
       'CONNECTION_ERRORS_SELECT', 'CONNECTION_ERRORS_TCPWRAP')
UNION ALL
-- dbpatrol's own share (mysql-perf-review S1): this session's counters of the same names, read in the same statement
-- as the global ones (so at the same moment), stored as own.<name>; own.connections: this session is one connection.
-- Only counters with a session scope (a global-only one, Created_tmp_files or Queries on MariaDB, reads the global
-- value here). checks/window.py subtracts every writer's own from the global series (own_status.sql: the rest of an
-- inspection's session after its checks).
SELECT CONCAT('own.', LOWER(variable_name)), variable_value
FROM performance_schema.session_status
WHERE UPPER(variable_name) IN ('BYTES_RECEIVED', 'BYTES_SENT', 'COM_COMMIT', 'COM_DELETE', 'COM_INSERT', 'COM_ROLLBACK',
       'COM_SELECT', 'COM_UPDATE', 'CREATED_TMP_DISK_TABLES', 'CREATED_TMP_TABLES', 'HANDLER_COMMIT', 'HANDLER_ROLLBACK',
       'HANDLER_READ_RND_NEXT', 'OPENED_TABLES', 'QUESTIONS', 'SELECT_FULL_JOIN', 'SELECT_RANGE_CHECK', 'SELECT_SCAN',
       'SLOW_QUERIES', 'SORT_MERGE_PASSES', 'SORT_RANGE', 'SORT_SCAN', 'TABLE_OPEN_CACHE_HITS', 'TABLE_OPEN_CACHE_MISSES',
       'TABLE_OPEN_CACHE_OVERFLOWS')
UNION ALL
SELECT 'own.connections', 1
UNION ALL
-- which session: one that takes several snapshots (a test, a long-lived writer) ran own_b - own_a between two of them
SELECT 'own.connection_id', CONNECTION_ID()
