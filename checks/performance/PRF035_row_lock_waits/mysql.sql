-- MySQL 8: InnoDB row lock waits and their total time (ms) since the server started.
SELECT CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'INNODB_ROW_LOCK_WAITS' THEN g.variable_value END) AS SIGNED) AS lock_waits,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'INNODB_ROW_LOCK_TIME' THEN g.variable_value END) AS SIGNED) AS lock_time_ms,
       @@global.innodb_lock_wait_timeout AS innodb_lock_wait_timeout,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM performance_schema.global_status g
WHERE UPPER(g.variable_name) IN ('INNODB_ROW_LOCK_TIME', 'INNODB_ROW_LOCK_WAITS', 'UPTIME')
