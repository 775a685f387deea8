-- Size of each schema's InnoDB tables (data + indexes) from InnoDB's persistent statistics (SELECT ON
-- mysql.innodb_table_stats): one row per schema, the pages InnoDB counts (clustered index + the other indexes) times
-- innodb_page_size. Bounded: one aggregate over a table of one row per table (10,000 tables: ~10 ms), where
-- information_schema.TABLES opens every table on MariaDB (CFG031 measured it past a 10 s timeout on a busy server).
-- The statistics follow the tables when 10 % of their rows changed or on ANALYZE TABLE (innodb_stats_auto_recalc),
-- so a size is as fresh as that; non-InnoDB tables (Aria, MyISAM) are not counted. A gauge (no epoch) for the
-- capacity forecast (PRF039). MySQL 8 and MariaDB.
SELECT database_name                                                                   AS object,
       NULL                                                                            AS epoch,
       JSON_OBJECT('bytes', SUM(clustered_index_size + sum_of_other_index_sizes) * @@global.innodb_page_size,
                   'tables', COUNT(*))                                                 AS data
FROM mysql.innodb_table_stats
WHERE database_name NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
GROUP BY database_name
