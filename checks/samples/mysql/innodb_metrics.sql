-- MySQL 8: InnoDB's own counters (PROCESS): COUNT runs since the counter was last enabled — server start
-- unless someone re-enabled it — so each counter's epoch is now - TIME_ELAPSED (innodb_monitor_reset resets
-- only COUNT_RESET). Disabled counters are left out: they count nothing. The adaptive hash index's two
-- search counters are one object, adaptive_hash (searches, btree), for PRF038's ratio; its epoch is the later
-- of the two starts, and it is left out unless both are enabled.
SELECT name                                                                          AS object,
       UTC_TIMESTAMP() - INTERVAL time_elapsed SECOND                                AS epoch,
       JSON_OBJECT('count', count)                                                   AS data
FROM information_schema.INNODB_METRICS
WHERE name IN ('lock_deadlocks', 'lock_timeouts', 'lock_row_lock_waits', 'log_waits')
  AND status = 'enabled'
UNION ALL
SELECT 'adaptive_hash'                                                               AS object,
       UTC_TIMESTAMP() - INTERVAL MIN(time_elapsed) SECOND                           AS epoch,
       JSON_OBJECT('searches', SUM(IF(name = 'adaptive_hash_searches', count, 0)),
                   'btree', SUM(IF(name = 'adaptive_hash_searches_btree', count, 0)))  AS data
FROM information_schema.INNODB_METRICS
WHERE name IN ('adaptive_hash_searches', 'adaptive_hash_searches_btree')
  AND status = 'enabled'
HAVING COUNT(*) = 2
