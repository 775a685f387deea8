-- Connections against threads created for them since the server started (Uptime; FLUSH STATUS leaves both
-- alone, measured on 10.11): a thread cache hit is a connection served by a cached thread. With
-- thread_handling = pool-of-threads the pool, not the cache, serves connections: the judge says not applicable.
SELECT CAST(MAX(CASE WHEN g.variable_name = 'CONNECTIONS' THEN g.variable_value END) AS SIGNED) AS connections,
       CAST(MAX(CASE WHEN g.variable_name = 'THREADS_CREATED' THEN g.variable_value END) AS SIGNED) AS threads_created,
       @@global.thread_cache_size AS thread_cache_size,
       @@global.thread_handling AS thread_handling,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM information_schema.GLOBAL_STATUS g
WHERE g.variable_name IN ('CONNECTIONS', 'THREADS_CREATED', 'UPTIME')
