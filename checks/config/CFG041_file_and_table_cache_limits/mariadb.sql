-- MariaDB: the file and table cache limits against their use (MySQLTuner): Open_files against
-- open_files_limit, the tables the server knows against table_definition_cache, and the table open cache's
-- hits and misses since the start (Table_open_cache_hits / _misses). SHOW VIEW on *.*: information_schema.TABLES
-- lists only tables the user holds a privilege on.
SELECT @@global.open_files_limit                                       AS open_files_limit,
       s.open_files,
       @@global.table_open_cache                                       AS table_open_cache,
       s.open_tables,
       @@global.table_definition_cache                                 AS table_definition_cache,
       (SELECT COUNT(*) FROM information_schema.TABLES)                AS tables,
       s.cache_hits,
       s.cache_misses
FROM (SELECT SUM(IF(VARIABLE_NAME = 'OPEN_FILES', VARIABLE_VALUE, 0)) + 0            AS open_files,
             SUM(IF(VARIABLE_NAME = 'OPEN_TABLES', VARIABLE_VALUE, 0)) + 0           AS open_tables,
             SUM(IF(VARIABLE_NAME = 'TABLE_OPEN_CACHE_HITS', VARIABLE_VALUE, 0)) + 0 AS cache_hits,
             SUM(IF(VARIABLE_NAME = 'TABLE_OPEN_CACHE_MISSES', VARIABLE_VALUE, 0)) + 0 AS cache_misses
      FROM information_schema.GLOBAL_STATUS
      WHERE VARIABLE_NAME IN ('OPEN_FILES', 'OPEN_TABLES', 'TABLE_OPEN_CACHE_HITS', 'TABLE_OPEN_CACHE_MISSES')) s
