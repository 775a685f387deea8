-- MySQL 8 (MariaDB: mariadb.sql): the InnoDB buffer pool against the InnoDB data and indexes it caches:
-- information_schema.TABLES sizes (DATA_LENGTH + INDEX_LENGTH of the user schemas' InnoDB tables), which
-- MySQL 8 serves from the data dictionary's cached statistics (up to information_schema_stats_expiry old)
-- without opening the tables. SHOW VIEW on *.*: TABLES lists only the tables the user holds a privilege on. Bytes.
SELECT @@global.innodb_buffer_pool_size                               AS buffer_pool_bytes,
       COALESCE(SUM(t.DATA_LENGTH + t.INDEX_LENGTH), 0)               AS innodb_data_bytes,
       COUNT(t.TABLE_NAME)                                            AS innodb_tables
FROM information_schema.TABLES t
WHERE t.ENGINE = 'InnoDB'
  AND t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
