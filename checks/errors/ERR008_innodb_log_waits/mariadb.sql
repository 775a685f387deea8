-- Innodb_log_waits: times a transaction waited because the redo log buffer was full, since server
-- start (InnoDB's own counter; the counters start now() - Uptime). days_since feeds the judge's
-- per-day rate (floored at its min_days guard); waits_pct puts the waits against Innodb_log_writes.
SELECT CAST(w.variable_value AS UNSIGNED)                                           AS log_waits,
       CAST(lw.variable_value AS UNSIGNED)                                          AS log_writes,
       ROUND(100 * CAST(w.variable_value AS UNSIGNED) / NULLIF(CAST(lw.variable_value AS UNSIGNED), 0), 4) AS waits_pct,
       @@innodb_log_buffer_size                                                     AS innodb_log_buffer_size,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND        AS counters_since,
       ROUND(CAST(up.variable_value AS UNSIGNED) / 86400, 4)                        AS days_since
FROM information_schema.GLOBAL_STATUS w
JOIN information_schema.GLOBAL_STATUS lw ON lw.variable_name = 'INNODB_LOG_WRITES'
JOIN information_schema.GLOBAL_STATUS up ON up.variable_name = 'UPTIME'
WHERE w.variable_name = 'INNODB_LOG_WAITS'
