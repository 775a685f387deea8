-- MariaDB: InnoDB tables with neither a primary key nor a unique key on NOT NULL columns (PMM
-- mysql_tables_without_pk's definition), read from InnoDB's own dictionary in one pass: such a table's
-- clustered index is the hidden GEN_CLUST_INDEX on a 6-byte row id (INNODB_SYS_INDEXES TYPE 1).
-- They share one global row-id counter, and a row-based replica (or Galera) finds each changed row
-- by a full scan. information_schema.TABLES and STATISTICS would open every table (seconds on
-- 10,000 tables); the dictionary does not, and needs only PROCESS. Non-InnoDB tables are not seen
-- here (non-InnoDB engines are a check of their own). Sizes and row estimates from the persistent
-- statistics (mysql.innodb_table_stats, found by its primary key; partitions NAME#P#part added up). InnoDB names are
-- file-name encoded (a '-' reads '@002d'). Bounded: the 200 largest, with how many there are.
WITH hidden AS (  -- IN, not a join: MariaDB joins two information_schema tables by a nested loop
    SELECT SUBSTRING_INDEX(t.NAME, '/', 1)                                AS schema_name,
           SUBSTRING_INDEX(SUBSTRING_INDEX(t.NAME, '/', -1), '#P#', 1)    AS table_name
    FROM information_schema.INNODB_SYS_TABLES t
    WHERE t.TABLE_ID IN (SELECT i.TABLE_ID FROM information_schema.INNODB_SYS_INDEXES i
                         WHERE i.NAME = 'GEN_CLUST_INDEX' AND i.TYPE & 1 = 1)
      AND t.NAME NOT LIKE '%/#sql%'
    GROUP BY 1, 2
)
SELECT h.schema_name, h.table_name,
       -- the statistics' primary key finds a table's row; a partitioned table's rows are NAME#P#PART
       COALESCE(st.clustered_index_size + st.sum_of_other_index_sizes,
                (SELECT SUM(sp.clustered_index_size + sp.sum_of_other_index_sizes) FROM mysql.innodb_table_stats sp
                 WHERE sp.database_name = h.schema_name
                   AND sp.table_name LIKE CONCAT(REPLACE(h.table_name, '_', '\\_'), '#P#%'))) * @@innodb_page_size
                                                AS size_bytes,
       COALESCE(st.n_rows,
                (SELECT SUM(sp.n_rows) FROM mysql.innodb_table_stats sp
                 WHERE sp.database_name = h.schema_name
                   AND sp.table_name LIKE CONCAT(REPLACE(h.table_name, '_', '\\_'), '#P#%'))) AS est_rows,
       CAST(NULL AS CHAR) AS replica_identity, CAST(NULL AS SIGNED) AS published, CAST(NULL AS CHAR) AS candidate_key,
       COUNT(*) OVER () AS total
FROM hidden h
LEFT JOIN mysql.innodb_table_stats st ON st.database_name = h.schema_name AND st.table_name = h.table_name
WHERE h.schema_name NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
ORDER BY size_bytes DESC, h.schema_name, h.table_name
LIMIT 200
