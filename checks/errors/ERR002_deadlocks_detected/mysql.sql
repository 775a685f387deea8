-- MySQL 8: InnoDB deadlocks from INNODB_METRICS lock_deadlocks (enabled by default; PROCESS).
-- COUNT runs since the counter was last enabled (server start unless someone re-enabled it;
-- innodb_monitor_reset only resets COUNT_RESET), so the counters start TIME_ELAPSED seconds ago.
-- deadlock_detect: with innodb_deadlock_detect = OFF InnoDB detects no deadlock (they end as lock wait
-- timeouts, error 1205), so the count says nothing (an extra column for the judge).
SELECT '(instance)'                                                                 AS scope,
       m.count                                                                      AS deadlocks,
       UTC_TIMESTAMP() - INTERVAL m.time_elapsed SECOND                             AS counters_since,
       ROUND(m.time_elapsed / 86400, 4)                                             AS days_since,
       (m.status = 'enabled')                                                       AS counter_enabled,
       @@innodb_deadlock_detect                                                     AS deadlock_detect
FROM information_schema.INNODB_METRICS m
WHERE m.name = 'lock_deadlocks'
