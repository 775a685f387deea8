-- MySQL 8: table cache hits, misses and overflows since the server started, less this session's own.
SELECT CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'TABLE_OPEN_CACHE_HITS' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'TABLE_OPEN_CACHE_HITS' THEN s.variable_value END) AS SIGNED), 0) AS cache_hits,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'TABLE_OPEN_CACHE_MISSES' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'TABLE_OPEN_CACHE_MISSES' THEN s.variable_value END) AS SIGNED), 0) AS cache_misses,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'TABLE_OPEN_CACHE_OVERFLOWS' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'TABLE_OPEN_CACHE_OVERFLOWS' THEN s.variable_value END) AS SIGNED), 0) AS cache_overflows,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'OPENED_TABLES' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'OPENED_TABLES' THEN s.variable_value END) AS SIGNED), 0) AS opened_tables,
       @@global.table_open_cache AS table_open_cache,
       @@global.table_definition_cache AS table_definition_cache,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM performance_schema.global_status g
LEFT JOIN performance_schema.session_status s ON s.variable_name = g.variable_name
WHERE UPPER(g.variable_name) IN ('OPENED_TABLES', 'TABLE_OPEN_CACHE_HITS', 'TABLE_OPEN_CACHE_MISSES', 'TABLE_OPEN_CACHE_OVERFLOWS', 'UPTIME')
