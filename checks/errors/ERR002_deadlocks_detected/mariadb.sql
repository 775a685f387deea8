-- InnoDB deadlocks since server start (Innodb_deadlocks, InnoDB's own counter): the counter
-- starts at the last restart, now() - Uptime.
SELECT '(instance)'                                                                 AS scope,
       CAST(dl.variable_value AS UNSIGNED)                                          AS deadlocks,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND        AS counters_since,
       ROUND(CAST(up.variable_value AS UNSIGNED) / 86400, 4)                        AS days_since,
       1                                                                            AS counter_enabled
FROM information_schema.GLOBAL_STATUS dl
JOIN information_schema.GLOBAL_STATUS up ON up.variable_name = 'UPTIME'
WHERE dl.variable_name = 'INNODB_DEADLOCKS'
