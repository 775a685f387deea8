-- InnoDB deadlocks since server start (MySQL 8: INNODB_METRICS lock_deadlocks, needs PROCESS),
-- averaged per day over at least one day.
SELECT '(instance)'                                                                 AS scope,
       m.count                                                                      AS deadlocks,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND        AS since,
       ROUND(CAST(up.variable_value AS UNSIGNED) / 86400, 2)                        AS days_since,
       ROUND(m.count / GREATEST(CAST(up.variable_value AS UNSIGNED) / 86400, 1), 2) AS deadlocks_per_day
FROM information_schema.INNODB_METRICS m
JOIN performance_schema.global_status up ON up.variable_name = 'Uptime'
WHERE m.name = 'lock_deadlocks'
