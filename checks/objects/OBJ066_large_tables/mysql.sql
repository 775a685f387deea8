-- MySQL 8 (MariaDB: mariadb.sql). The largest user tables: DATA_LENGTH / INDEX_LENGTH / TABLE_ROWS
-- from the data dictionary's cached statistics (up to information_schema_stats_expiry, default 1 day,
-- behind; ANALYZE TABLE refreshes them), and the secondary indexes from STATISTICS (MySQLTuner: a
-- table over 1 GB without one is scanned whole). Growth needs earlier sizes: not measured here.
-- Largest first, 200 tables.
WITH secondary AS (
    SELECT s.TABLE_SCHEMA, s.TABLE_NAME, COUNT(DISTINCT s.INDEX_NAME) AS secondary_indexes
    FROM information_schema.STATISTICS s
    WHERE s.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND s.INDEX_NAME <> 'PRIMARY'
    GROUP BY s.TABLE_SCHEMA, s.TABLE_NAME
), per_table AS (
    SELECT t.TABLE_SCHEMA AS s, t.TABLE_NAME AS n, t.ENGINE AS engine, t.TABLE_ROWS AS rows_estimate,
           t.DATA_LENGTH AS data_bytes, t.INDEX_LENGTH AS index_bytes, COALESCE(x.secondary_indexes, 0) AS secondary_indexes,
           NULL AS stats_updated  -- when the cached statistics were taken is not shown (mysql.table_stats is hidden)
    FROM information_schema.TABLES t
    LEFT JOIN secondary x ON x.TABLE_SCHEMA = t.TABLE_SCHEMA AND x.TABLE_NAME = t.TABLE_NAME
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND t.TABLE_TYPE = 'BASE TABLE'
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
