-- MySQL 8 (MariaDB: mariadb.sql): the file and table cache limits against their use (MySQLTuner):
-- Open_files against open_files_limit, the tables the server knows against table_definition_cache, and the
-- table open cache's hits and misses since the start. SHOW VIEW on *.*: information_schema.TABLES lists
-- only tables the user holds a privilege on.
SELECT @@global.open_files_limit                                       AS open_files_limit,
       s.open_files,
       @@global.table_open_cache                                       AS table_open_cache,
       s.open_tables,
       @@global.table_definition_cache                                 AS table_definition_cache,
       (SELECT COUNT(*) FROM information_schema.TABLES)                AS tables,
       s.cache_hits,
       s.cache_misses
FROM (SELECT SUM(IF(VARIABLE_NAME = 'Open_files', VARIABLE_VALUE, 0)) + 0            AS open_files,
             SUM(IF(VARIABLE_NAME = 'Open_tables', VARIABLE_VALUE, 0)) + 0           AS open_tables,
             SUM(IF(VARIABLE_NAME = 'Table_open_cache_hits', VARIABLE_VALUE, 0)) + 0 AS cache_hits,
             SUM(IF(VARIABLE_NAME = 'Table_open_cache_misses', VARIABLE_VALUE, 0)) + 0 AS cache_misses
      FROM performance_schema.global_status
      WHERE VARIABLE_NAME IN ('Open_files', 'Open_tables', 'Table_open_cache_hits', 'Table_open_cache_misses')) s
