-- MySQL 8: connections against threads created since the server started (Uptime). thread_handling names
-- the Enterprise thread pool's loaded-pool mode, where the cache does not apply.
SELECT CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'CONNECTIONS' THEN g.variable_value END) AS SIGNED) AS connections,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'THREADS_CREATED' THEN g.variable_value END) AS SIGNED) AS threads_created,
       @@global.thread_cache_size AS thread_cache_size,
       @@global.thread_handling AS thread_handling,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM performance_schema.global_status g
WHERE UPPER(g.variable_name) IN ('CONNECTIONS', 'THREADS_CREATED', 'UPTIME')
