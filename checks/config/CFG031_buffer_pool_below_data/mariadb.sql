-- MariaDB: the InnoDB buffer pool against the InnoDB data and indexes it caches, from InnoDB's persistent
-- statistics (mysql.innodb_table_stats: clustered index and secondary index sizes in pages, refreshed by
-- ANALYZE TABLE and automatically after 10 % of a table changed). information_schema.TABLES would open
-- every table to size it, which on a server with many tables runs past the statement timeout
-- (MySQLTuner issue #391). Bytes.
SELECT @@global.innodb_buffer_pool_size                                                 AS buffer_pool_bytes,
       COALESCE(SUM(s.clustered_index_size + s.sum_of_other_index_sizes), 0) * @@global.innodb_page_size
                                                                                        AS innodb_data_bytes,
       COUNT(*)                                                                         AS innodb_tables
FROM mysql.innodb_table_stats s
WHERE s.database_name NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
