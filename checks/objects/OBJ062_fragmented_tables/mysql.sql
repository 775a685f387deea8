-- MySQL 8 (MariaDB: mariadb.sql). Free space inside tables (MySQLTuner's fragmentation rule reads the
-- same columns): DATA_FREE against the table's space — data + index + free for InnoDB, whose
-- DATA_LENGTH counts used pages only; data + index for MyISAM, whose DATA_LENGTH (the data file)
-- already holds the deleted rows (MySQLTuner adds DATA_FREE for every engine). InnoDB reports the free
-- extents of the table's tablespace, so a table in the system or a general tablespace
-- (INNODB_TABLESPACES.SPACE_TYPE 'System' / 'General') shows that shared tablespace's free space, not
-- its own: it is marked shared_tablespace and sorted last. MEMORY tables are left out (MySQLTuner).
-- INNODB_TABLES names are filename-encoded ('a@002db'), so a name with special characters finds no
-- tablespace and counts as in its own. MySQL 8 serves these columns from the data dictionary's cached
-- statistics (up to information_schema_stats_expiry, default 1 day, behind; ANALYZE TABLE refreshes
-- them) and joins by hash. Most free space first, 200 tables.
SELECT t.TABLE_SCHEMA                                                                 AS table_schema,
       t.TABLE_NAME                                                                   AS table_name,
       t.ENGINE                                                                       AS engine,
       t.DATA_LENGTH                                                                  AS data_bytes,
       t.INDEX_LENGTH                                                                 AS index_bytes,
       t.DATA_FREE                                                                    AS free_bytes,
       ROUND(100 * t.DATA_FREE / NULLIF(t.DATA_LENGTH + t.INDEX_LENGTH + IF(t.ENGINE = 'InnoDB', t.DATA_FREE, 0), 0), 2)
                                                                                      AS free_pct,
       (t.ENGINE = 'InnoDB' AND COALESCE(ts.SPACE_TYPE, 'Single') <> 'Single')        AS shared_tablespace,
       COUNT(*) OVER ()                                                               AS total
FROM information_schema.TABLES t
LEFT JOIN information_schema.INNODB_TABLES it ON it.NAME = CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME)
LEFT JOIN information_schema.INNODB_TABLESPACES ts ON ts.SPACE = it.SPACE
WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
  AND t.TABLE_TYPE = 'BASE TABLE'
  AND t.ENGINE <> 'MEMORY'
ORDER BY shared_tablespace, free_bytes DESC, table_schema, table_name
LIMIT 200
