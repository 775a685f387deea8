-- MySQL 8: adaptive hash index searches that found their row (INNODB_METRICS adaptive_hash_searches) against
-- those that walked the B-tree (adaptive_hash_searches_btree), as PMM's mysql_ahi_efficiency advisor reads them
-- (PROCESS). Both count since they were last enabled (enabled by default; TIME_ELAPSED), so counters_since is
-- the later of the two. A disabled counter reads NULL: the judge says not applicable. 8.4 turns the adaptive
-- hash index itself OFF by default (innodb_adaptive_hash_index).
SELECT MAX(CASE WHEN name = 'adaptive_hash_searches' AND status = 'enabled' THEN count END)          AS hash_searches,
       MAX(CASE WHEN name = 'adaptive_hash_searches_btree' AND status = 'enabled' THEN count END)    AS btree_searches,
       IF(@@global.innodb_adaptive_hash_index, 'ON', 'OFF')                                         AS adaptive_hash_index,
       UTC_TIMESTAMP() - INTERVAL MIN(time_elapsed) SECOND                                          AS counters_since,
       ROUND(MIN(time_elapsed) / 86400, 4)                                                          AS days_since
FROM information_schema.INNODB_METRICS
WHERE name IN ('adaptive_hash_searches', 'adaptive_hash_searches_btree')
