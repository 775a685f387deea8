-- MySQL 8: Slow_queries against Questions since server start (performance_schema.global_status; Slow_queries counts statements
-- over long_query_time whether or not the slow log is on).
SELECT CAST(q.variable_value AS UNSIGNED)                                           AS questions,
       CAST(s.variable_value AS UNSIGNED)                                           AS slow_queries,
       ROUND(100 * CAST(s.variable_value AS UNSIGNED) / NULLIF(CAST(q.variable_value AS UNSIGNED), 0), 3) AS slow_pct,
       @@long_query_time                                                            AS long_query_time,
       @@slow_query_log                                                             AS slow_query_log,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND        AS since
FROM performance_schema.global_status q
JOIN performance_schema.global_status s ON s.variable_name = 'Slow_queries'
JOIN performance_schema.global_status up ON up.variable_name = 'Uptime'
WHERE q.variable_name = 'Questions'
