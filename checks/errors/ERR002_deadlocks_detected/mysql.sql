-- MySQL 8: InnoDB deadlocks from INNODB_METRICS lock_deadlocks (enabled by default; PROCESS).
-- COUNT runs since the counter was last enabled (server start unless someone re-enabled it;
-- innodb_monitor_reset only resets COUNT_RESET), so the counters start TIME_ELAPSED seconds ago.
SELECT '(instance)'                                                                 AS scope,
       m.count                                                                      AS deadlocks,
       UTC_TIMESTAMP() - INTERVAL m.time_elapsed SECOND                             AS counters_since,
       ROUND(m.time_elapsed / 86400, 4)                                             AS days_since,
       (m.status = 'enabled')                                                       AS counter_enabled
FROM information_schema.INNODB_METRICS m
WHERE m.name = 'lock_deadlocks'
