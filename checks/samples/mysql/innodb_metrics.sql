-- MySQL 8: InnoDB's own counters (PROCESS): COUNT runs since the counter was last enabled — server start
-- unless someone re-enabled it — so each counter's epoch is now - TIME_ELAPSED (innodb_monitor_reset resets
-- only COUNT_RESET). Disabled counters are left out: they count nothing.
SELECT name                                                                          AS object,
       UTC_TIMESTAMP() - INTERVAL time_elapsed SECOND                                AS epoch,
       JSON_OBJECT('count', count)                                                   AS data
FROM information_schema.INNODB_METRICS
WHERE name IN ('lock_deadlocks', 'lock_timeouts', 'lock_row_lock_waits', 'log_waits')
  AND status = 'enabled'
