-- InnoDB deadlocks since server start (Innodb_deadlocks status, MariaDB), averaged per day over at
-- least one day: status counters have no reset time other than Uptime.
SELECT '(instance)'                                                                 AS scope,
       CAST(dl.variable_value AS UNSIGNED)                                          AS deadlocks,
       UTC_TIMESTAMP() - INTERVAL CAST(up.variable_value AS UNSIGNED) SECOND        AS since,
       ROUND(CAST(up.variable_value AS UNSIGNED) / 86400, 2)                        AS days_since,
       ROUND(CAST(dl.variable_value AS UNSIGNED)
             / GREATEST(CAST(up.variable_value AS UNSIGNED) / 86400, 1), 2)         AS deadlocks_per_day
FROM information_schema.GLOBAL_STATUS dl
JOIN information_schema.GLOBAL_STATUS up ON up.variable_name = 'UPTIME'
WHERE dl.variable_name = 'INNODB_DEADLOCKS'
