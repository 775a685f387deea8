-- MariaDB: InnoDB tables whose secondary indexes take more space than their rows (PMM
-- mysql_indexes_larger: INDEX_LENGTH / DATA_LENGTH above 1), read from the persistent statistics
-- (mysql.innodb_table_stats: clustered_index_size = the rows, sum_of_other_index_sizes = the
-- secondary indexes, in pages; partitions NAME#P#part added up) — the numbers information_schema.TABLES
-- shows, without opening every table (seconds on 10,000 tables). They are as fresh as the last
-- statistics update (``stats_updated``; ANALYZE TABLE refreshes them). The ratio limit and the size
-- floor are the judge's. Bounded: the 200 tables with the most index space beyond their data.
SELECT database_name                                                           AS schema_name,
       SUBSTRING_INDEX(table_name, '#P#', 1)                                   AS table_name,
       SUM(clustered_index_size) * @@innodb_page_size                          AS data_bytes,
       SUM(sum_of_other_index_sizes) * @@innodb_page_size                      AS index_bytes,
       ROUND(SUM(sum_of_other_index_sizes) / NULLIF(SUM(clustered_index_size), 0), 2) AS index_ratio,
       SUM(n_rows)                                                             AS est_rows,
       MAX(last_update)                                                        AS stats_updated,
       COUNT(*) OVER ()                                                        AS total
FROM mysql.innodb_table_stats
WHERE database_name NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
  AND table_name NOT LIKE '#sql%'
GROUP BY database_name, SUBSTRING_INDEX(table_name, '#P#', 1)
ORDER BY SUM(sum_of_other_index_sizes) - SUM(clustered_index_size) DESC, schema_name, table_name
LIMIT 200
