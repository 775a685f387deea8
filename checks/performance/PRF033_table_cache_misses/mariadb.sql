-- Table cache: opens served from the cache (Table_open_cache_hits) against those that opened the table
-- (Table_open_cache_misses) and overflows (an instance over table_open_cache), since the server started, less
-- this monitoring session's own (information_schema reads open tables too). Opened_tables beside them.
SELECT CAST(MAX(CASE WHEN g.variable_name = 'TABLE_OPEN_CACHE_HITS' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'TABLE_OPEN_CACHE_HITS' THEN s.variable_value END) AS SIGNED), 0) AS cache_hits,
       CAST(MAX(CASE WHEN g.variable_name = 'TABLE_OPEN_CACHE_MISSES' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'TABLE_OPEN_CACHE_MISSES' THEN s.variable_value END) AS SIGNED), 0) AS cache_misses,
       CAST(MAX(CASE WHEN g.variable_name = 'TABLE_OPEN_CACHE_OVERFLOWS' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'TABLE_OPEN_CACHE_OVERFLOWS' THEN s.variable_value END) AS SIGNED), 0) AS cache_overflows,
       CAST(MAX(CASE WHEN g.variable_name = 'OPENED_TABLES' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'OPENED_TABLES' THEN s.variable_value END) AS SIGNED), 0) AS opened_tables,
       @@global.table_open_cache AS table_open_cache,
       @@global.table_definition_cache AS table_definition_cache,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM information_schema.GLOBAL_STATUS g
LEFT JOIN information_schema.SESSION_STATUS s ON s.variable_name = g.variable_name
WHERE g.variable_name IN ('OPENED_TABLES', 'TABLE_OPEN_CACHE_HITS', 'TABLE_OPEN_CACHE_MISSES', 'TABLE_OPEN_CACHE_OVERFLOWS', 'UPTIME')
