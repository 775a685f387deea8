-- The end of a snapshot writer's session (mysql-perf-review S1): its own counters once more, when its last statement
-- ran (an inspection: after its checks; the sampler: after its sources), as end.<name> beside the own.<name> that
-- status.sql read with the global counters. checks/window.py subtracts end - own (what the session ran after the
-- global read) from the interval after the snapshot. The names are status.sql's own ones.
SELECT CONCAT('end.', LOWER(variable_name)) AS name, variable_value AS value
FROM information_schema.SESSION_STATUS
WHERE UPPER(variable_name) IN ('BYTES_RECEIVED', 'BYTES_SENT', 'COM_COMMIT', 'COM_DELETE', 'COM_INSERT', 'COM_ROLLBACK',
       'COM_SELECT', 'COM_UPDATE', 'CREATED_TMP_DISK_TABLES', 'CREATED_TMP_TABLES', 'HANDLER_COMMIT', 'HANDLER_ROLLBACK',
       'HANDLER_READ_RND_NEXT', 'OPENED_TABLES', 'QUESTIONS', 'SELECT_FULL_JOIN', 'SELECT_RANGE_CHECK', 'SELECT_SCAN',
       'SLOW_QUERIES', 'SORT_MERGE_PASSES', 'SORT_RANGE', 'SORT_SCAN', 'TABLE_OPEN_CACHE_HITS', 'TABLE_OPEN_CACHE_MISSES',
       'TABLE_OPEN_CACHE_OVERFLOWS')
