-- MySQL 8: Select_full_join and Select_range_check since the server started, less this session's own.
SELECT CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SELECT_FULL_JOIN' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SELECT_FULL_JOIN' THEN s.variable_value END) AS SIGNED), 0) AS full_joins,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SELECT_RANGE_CHECK' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SELECT_RANGE_CHECK' THEN s.variable_value END) AS SIGNED), 0) AS range_check_joins,
       @@global.join_buffer_size AS join_buffer_size,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM performance_schema.global_status g
LEFT JOIN performance_schema.session_status s ON s.variable_name = g.variable_name
WHERE UPPER(g.variable_name) IN ('SELECT_FULL_JOIN', 'SELECT_RANGE_CHECK', 'UPTIME')
