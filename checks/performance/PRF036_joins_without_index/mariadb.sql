-- Joins without a usable index: Select_full_join (a full scan of the joined table for each row) and
-- Select_range_check (the range re-checked for each row), MySQLTuner's 'joins performed without indexes',
-- since the server started (FLUSH STATUS leaves them alone on 10.11), less this monitoring session's own.
SELECT CAST(MAX(CASE WHEN g.variable_name = 'SELECT_FULL_JOIN' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'SELECT_FULL_JOIN' THEN s.variable_value END) AS SIGNED), 0) AS full_joins,
       CAST(MAX(CASE WHEN g.variable_name = 'SELECT_RANGE_CHECK' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'SELECT_RANGE_CHECK' THEN s.variable_value END) AS SIGNED), 0) AS range_check_joins,
       @@global.join_buffer_size AS join_buffer_size,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM information_schema.GLOBAL_STATUS g
LEFT JOIN information_schema.SESSION_STATUS s ON s.variable_name = g.variable_name
WHERE g.variable_name IN ('SELECT_FULL_JOIN', 'SELECT_RANGE_CHECK', 'UPTIME')
