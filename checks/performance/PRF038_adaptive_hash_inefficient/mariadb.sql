-- MariaDB: adaptive hash index lookups that found their row (Innodb_adaptive_hash_hash_searches) against
-- those that had to walk the B-tree (Innodb_adaptive_hash_non_hash_searches), since the server started.
-- OFF by default since 10.5 (innodb_adaptive_hash_index): the judge says not applicable then.
SELECT CAST(MAX(CASE WHEN g.variable_name = 'INNODB_ADAPTIVE_HASH_HASH_SEARCHES' THEN g.variable_value END) AS SIGNED) AS hash_searches,
       CAST(MAX(CASE WHEN g.variable_name = 'INNODB_ADAPTIVE_HASH_NON_HASH_SEARCHES' THEN g.variable_value END) AS SIGNED) AS btree_searches,
       IF(@@global.innodb_adaptive_hash_index, 'ON', 'OFF') AS adaptive_hash_index,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM information_schema.GLOBAL_STATUS g
WHERE g.variable_name IN ('INNODB_ADAPTIVE_HASH_HASH_SEARCHES', 'INNODB_ADAPTIVE_HASH_NON_HASH_SEARCHES', 'UPTIME')
