-- MariaDB: InnoDB tables with neither a primary key nor a unique key on NOT NULL columns (PMM
-- mysql_tables_without_pk's definition), read from InnoDB's own dictionary in one pass: such a table's
-- clustered index is the hidden GEN_CLUST_INDEX on a 6-byte row id (INNODB_SYS_INDEXES TYPE 1).
-- They share one global row-id counter, and a row-based replica (or Galera) finds each changed row
-- by a full scan. information_schema.TABLES and STATISTICS would open every table (seconds on
-- 10,000 tables); the dictionary does not, and needs only PROCESS. Non-InnoDB tables are not seen
-- here (non-InnoDB engines are a check of their own). Sizes and row estimates from the persistent
-- statistics (mysql.innodb_table_stats; partitions NAME#P#part added up). InnoDB names are
-- file-name encoded (a '-' reads '@002d'). Bounded: the 200 largest, with how many there are.
WITH hidden AS (
    SELECT SUBSTRING_INDEX(t.NAME, '/', 1)                                AS schema_name,
           SUBSTRING_INDEX(SUBSTRING_INDEX(t.NAME, '/', -1), '#P#', 1)    AS table_name
    FROM information_schema.INNODB_SYS_INDEXES i
    JOIN information_schema.INNODB_SYS_TABLES t ON t.TABLE_ID = i.TABLE_ID
    WHERE i.NAME = 'GEN_CLUST_INDEX' AND i.TYPE & 1 = 1
      AND t.NAME NOT LIKE '%/#sql%'
    GROUP BY 1, 2
),
stats AS (
    SELECT database_name AS schema_name, SUBSTRING_INDEX(table_name, '#P#', 1) AS table_name,
           SUM(n_rows) AS est_rows,
           SUM(clustered_index_size + sum_of_other_index_sizes) * @@innodb_page_size AS size_bytes
    FROM mysql.innodb_table_stats
    GROUP BY 1, 2
)
SELECT h.schema_name, h.table_name, s.size_bytes, s.est_rows,
       CAST(NULL AS CHAR) AS replica_identity, CAST(NULL AS SIGNED) AS published, CAST(NULL AS CHAR) AS candidate_key,
       COUNT(*) OVER () AS total
FROM hidden h
LEFT JOIN stats s ON s.schema_name = h.schema_name AND s.table_name = h.table_name
WHERE h.schema_name NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
ORDER BY s.size_bytes DESC, h.schema_name, h.table_name
LIMIT 200
