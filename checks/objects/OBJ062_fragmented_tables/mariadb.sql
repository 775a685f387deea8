-- Free space inside tables (MySQLTuner's fragmentation rule reads the same columns): DATA_FREE against
-- the table's space — data + index + free for InnoDB, whose DATA_LENGTH counts used pages only; data +
-- index for MyISAM / Aria, whose DATA_LENGTH (the data file) already holds the deleted rows
-- (MySQLTuner adds DATA_FREE for every engine, which understates MyISAM's share). InnoDB reports the free
-- extents of the table's tablespace, so a table in the system tablespace (SPACE 0 in
-- INNODB_SYS_TABLES: created while innodb_file_per_table was OFF) shows the system tablespace's free
-- space — not its own; it is marked shared_tablespace and sorted last. MEMORY tables are left out
-- (MySQLTuner). TABLES and INNODB_SYS_TABLES meet in a UNION ALL grouped by table, not a JOIN
-- (information_schema tables have no index: a JOIN is a nested loop over every table twice);
-- INNODB_SYS_TABLES names are filename-encoded ('a@002db'), so a name with special characters finds no
-- SPACE and counts as in its own tablespace. Cost: the size columns make MariaDB open every table
-- (about 0.02 ms a table when table_open_cache holds them all, 0.3-1 ms when it does not). Most free
-- space first, 200 tables.
WITH facts AS (
    SELECT t.TABLE_SCHEMA AS table_schema, t.TABLE_NAME AS table_name, t.ENGINE AS engine,
           t.DATA_LENGTH AS data_bytes, t.INDEX_LENGTH AS index_bytes, t.DATA_FREE AS free_bytes, NULL AS space
    FROM information_schema.TABLES t
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND t.TABLE_TYPE = 'BASE TABLE'
      AND t.ENGINE <> 'MEMORY'
    UNION ALL
    SELECT SUBSTRING_INDEX(s.NAME, '/', 1), SUBSTRING_INDEX(s.NAME, '/', -1), NULL, NULL, NULL, NULL, s.SPACE
    FROM information_schema.INNODB_SYS_TABLES s
    WHERE s.NAME LIKE '%/%'
), per_table AS (
    SELECT table_schema, table_name, MAX(engine) AS engine, MAX(data_bytes) AS data_bytes, MAX(index_bytes) AS index_bytes,
           MAX(free_bytes) AS free_bytes, COALESCE(MAX(engine) = 'InnoDB' AND MIN(space) = 0, 0) AS shared_tablespace
    FROM facts
    GROUP BY table_schema, table_name
    HAVING MAX(engine) IS NOT NULL
)
SELECT table_schema,
       table_name,
       engine,
       data_bytes,
       index_bytes,
       free_bytes,
       ROUND(100 * free_bytes / NULLIF(data_bytes + index_bytes + IF(engine = 'InnoDB', free_bytes, 0), 0), 2)
                                                                                   AS free_pct,
       shared_tablespace,
       COUNT(*) OVER ()                                                            AS total
FROM per_table
ORDER BY shared_tablespace, free_bytes DESC, table_schema, table_name
LIMIT 200
