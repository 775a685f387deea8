-- The largest user tables, from InnoDB's persistent statistics (MariaDB; MySQL 8: mysql.sql):
-- mysql.innodb_table_stats holds per table (per partition: 't#P#p0', folded here) the estimated rows
-- and the pages of the clustered index (data) and of the other indexes — the very figures
-- information_schema.TABLES turns into DATA_LENGTH / INDEX_LENGTH, without opening 10,000 tables
-- (measured 0.03 s against 4-10 s on 10,020 tables). mysql.innodb_index_stats gives the secondary
-- indexes (MySQLTuner: a table over 1 GB without one is scanned whole). Tables not in InnoDB, or
-- InnoDB with STATS_PERSISTENT=0, have no statistics: they come back unsized (sized = 0; OBJ060 lists
-- the non-InnoDB ones). Names meet in a UNION ALL grouped by table (information_schema tables have no
-- index to join on). Growth needs earlier sizes: not measured here. Largest first, 200 tables.
WITH facts AS (
    SELECT CONVERT(t.TABLE_SCHEMA USING utf8mb4) COLLATE utf8mb4_bin AS s,
           CONVERT(t.TABLE_NAME USING utf8mb4) COLLATE utf8mb4_bin AS n,
           t.ENGINE AS engine, 1 AS is_table, NULL AS n_rows, NULL AS data_pages, NULL AS index_pages,
           NULL AS stats_updated, NULL AS index_name
    FROM information_schema.TABLES t
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')  -- 10.3+: WITH SYSTEM VERSIONING tables too
    UNION ALL
    SELECT CONVERT(ts.database_name USING utf8mb4) COLLATE utf8mb4_bin,
           CONVERT(SUBSTRING_INDEX(ts.table_name, '#P#', 1) USING utf8mb4) COLLATE utf8mb4_bin,
           NULL, 0, ts.n_rows, ts.clustered_index_size, ts.sum_of_other_index_sizes, ts.last_update, NULL
    FROM mysql.innodb_table_stats ts
    UNION ALL
    SELECT CONVERT(ix.database_name USING utf8mb4) COLLATE utf8mb4_bin,
           CONVERT(SUBSTRING_INDEX(ix.table_name, '#P#', 1) USING utf8mb4) COLLATE utf8mb4_bin,
           NULL, 0, NULL, NULL, NULL, NULL, ix.index_name
    FROM mysql.innodb_index_stats ix
    WHERE ix.stat_name = 'size' AND ix.index_name NOT IN ('PRIMARY', 'GEN_CLUST_INDEX')
), per_table AS (
    SELECT s, n, MAX(engine) AS engine, SUM(n_rows) AS rows_estimate,
           SUM(data_pages) * @@innodb_page_size AS data_bytes, SUM(index_pages) * @@innodb_page_size AS index_bytes,
           COUNT(DISTINCT index_name) AS secondary_indexes, MAX(stats_updated) AS stats_updated
    FROM facts
    GROUP BY s, n
    HAVING MAX(is_table) = 1
)
SELECT s                                                                   AS table_schema,
       n                                                                   AS table_name,
       engine,
       rows_estimate,
       data_bytes,
       index_bytes,
       data_bytes + index_bytes                                            AS total_bytes,
       secondary_indexes,
       ROUND(100 * (data_bytes + index_bytes) / NULLIF(SUM(data_bytes + index_bytes) OVER (), 0), 2) AS share_pct,
       stats_updated,
       data_bytes IS NOT NULL                                              AS sized,
       SUM(data_bytes IS NULL) OVER ()                                     AS unsized,
       SUM(data_bytes + index_bytes) OVER ()                               AS all_bytes,
       COUNT(*) OVER ()                                                    AS total
FROM per_table
ORDER BY total_bytes IS NULL, total_bytes DESC, table_schema, table_name
LIMIT 200
