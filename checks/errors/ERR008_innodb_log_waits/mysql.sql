-- MySQL 8 (performance_schema.global_status) Innodb_log_waits: times a transaction waited because
-- the redo log buffer was full, since server start (the counters start now() - Uptime). days_since
-- feeds the judge's per-day rate (floored at its min_days guard).
SELECT CAST(w.variable_value AS UNSIGNED)                                           AS log_waits,
       CAST(lw.variable_value AS UNSIGNED)                                          AS log_writes,
       ROUND(100 * CAST(w.variable_value AS UNSIGNED) / NULLIF(CAST(lw.variable_value AS UNSIGNED), 0), 4) AS waits_pct,
       @@innodb_log_buffer_size                                                     AS innodb_log_buffer_size,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND        AS counters_since,
       ROUND(CAST(up.variable_value AS UNSIGNED) / 86400, 4)                        AS days_since
FROM performance_schema.global_status w
JOIN performance_schema.global_status lw ON lw.variable_name = 'Innodb_log_writes'
JOIN performance_schema.global_status up ON up.variable_name = 'Uptime'
WHERE w.variable_name = 'Innodb_log_waits'
