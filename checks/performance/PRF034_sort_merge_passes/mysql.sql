-- MySQL 8: sorts and sort merge passes since the server started, less this session's own.
SELECT CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SORT_SCAN' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SORT_SCAN' THEN s.variable_value END) AS SIGNED), 0) AS sorts,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SORT_RANGE' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SORT_RANGE' THEN s.variable_value END) AS SIGNED), 0) AS range_sorts,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SORT_MERGE_PASSES' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'SORT_MERGE_PASSES' THEN s.variable_value END) AS SIGNED), 0) AS merge_passes,
       @@global.sort_buffer_size AS sort_buffer_size,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM performance_schema.global_status g
LEFT JOIN performance_schema.session_status s ON s.variable_name = g.variable_name
WHERE UPPER(g.variable_name) IN ('SORT_MERGE_PASSES', 'SORT_RANGE', 'SORT_SCAN', 'UPTIME')
