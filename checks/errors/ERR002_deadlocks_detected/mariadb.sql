-- InnoDB deadlocks since server start (Innodb_deadlocks, InnoDB's own counter): the counter
-- starts at the last restart, now() - Uptime; FLUSH STATUS does not reset it (measured on 10.11).
-- deadlock_detect: with innodb_deadlock_detect = OFF InnoDB detects no deadlock (measured: a real one
-- ended as two lock wait timeouts, error 1205, Innodb_deadlocks stayed 0), so the count says nothing.
SELECT '(instance)'                                                                 AS scope,
       CAST(dl.variable_value AS UNSIGNED)                                          AS deadlocks,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND        AS counters_since,
       ROUND(CAST(up.variable_value AS UNSIGNED) / 86400, 4)                        AS days_since,
       1                                                                            AS counter_enabled,
       @@innodb_deadlock_detect                                                     AS deadlock_detect
FROM information_schema.GLOBAL_STATUS dl
JOIN information_schema.GLOBAL_STATUS up ON up.variable_name = 'UPTIME'
WHERE dl.variable_name = 'INNODB_DEADLOCKS'
