-- Free space inside tables (MySQLTuner's fragmentation rule reads the same columns): DATA_FREE against
-- the table's space — data + index + free for InnoDB, whose DATA_LENGTH counts used pages only; data +
-- index for MyISAM / Aria, whose DATA_LENGTH (the data file) already holds the deleted rows
-- (MySQLTuner adds DATA_FREE for every engine, which understates MyISAM's share). InnoDB reports the free
-- extents of the table's tablespace, so a table in the system tablespace (SPACE 0 in
-- INNODB_SYS_TABLES: created while innodb_file_per_table was OFF) shows the system tablespace's free
-- space — not its own; it is marked shared_tablespace and sorted last. MEMORY tables are left out
-- (MySQLTuner). TABLES and INNODB_SYS_TABLES meet in a UNION ALL grouped by table, not a JOIN
-- (information_schema tables have no index: a JOIN is a nested loop over every table twice);
-- INNODB_SYS_TABLES names are filename-encoded ('a@002db'), so a name with special characters finds no
-- SPACE and counts as in its own tablespace. Most free space first, 200 tables.
-- Cost: the size columns make MariaDB open the table (0.02 ms a table when table_open_cache holds them
-- all, 0.1-1 ms when it does not: 2.1 s on 10,000 tables); its .frm alone (TABLE_TYPE, ENGINE) is a
-- fifth of that. MariaDB tests a condition on TABLE_SCHEMA / TABLE_NAME alone, constants and
-- uncorrelated subqueries included, before it opens a table, so the tables that cannot reach the 200
-- rows are counted from their .frm, not opened: an InnoDB table alone in an uncompressed file smaller
-- than two extents (INNODB_SYS_TABLESPACES.FILE_SIZE; an extent is 1 MB, 64 pages from 32 KB pages up)
-- has no whole free extent besides its first, which holds the file's header pages, so its DATA_FREE is
-- 0 (InnoDB reports "the extents that are definitely free"): it sorts after every table with free
-- space, among the 0s by name. The first 200 base tables of them by name are read all the same, so
-- every one past those sorts after 200 rows read and could not be shown (0.7 s on 10,000 tables). The
-- list of tables to read is '/schema/table/' entries compared as bytes (a name InnoDB encodes is never
-- left out); cut short by group_concat_max_len or longer than 32 KB (its search would cost more than it
-- saves) it is NULL, and every table is read, as when fewer than 200 are that small. (INNODB_SYS_TABLESPACES
-- lists the files InnoDB has opened since it started: a table not opened since then is read.)
WITH tiny AS (  -- alone in an uncompressed file under two extents: DATA_FREE 0 (plain names: not encoded)
    SELECT SUBSTRING_INDEX(f.NAME, '/', 1) AS s, SUBSTRING_INDEX(f.NAME, '/', -1) AS n
    FROM information_schema.INNODB_SYS_TABLESPACES f
    WHERE f.NAME REGEXP '^[0-9A-Za-z_]+/[0-9A-Za-z_]+$'
      AND SUBSTRING_INDEX(f.NAME, '/', 1) NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND f.PAGE_SIZE = @@innodb_page_size
      AND f.FILE_SIZE > 0 AND f.FILE_SIZE < 2 * GREATEST(1048576, 64 * @@innodb_page_size)
), head_list AS (  -- the first 400 of them by name
    SELECT CAST(GROUP_CONCAT(CONCAT('/', s, '/', n, '/') ORDER BY s, n SEPARATOR '') AS BINARY) AS l
    FROM (SELECT s, n FROM tiny ORDER BY s, n LIMIT 400) h
), cut AS (  -- the 200th base table among them (a sequence has a tablespace too): read from the .frm
    SELECT s, n
    FROM (SELECT t.TABLE_SCHEMA AS s, t.TABLE_NAME AS n, ROW_NUMBER() OVER (ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME) AS rn
          FROM information_schema.TABLES t
          WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
            AND t.TABLE_TYPE = 'BASE TABLE' AND t.ENGINE = 'InnoDB'
            AND t.TABLE_SCHEMA REGEXP '^[0-9A-Za-z_]+$' AND t.TABLE_NAME REGEXP '^[0-9A-Za-z_]+$'
            AND LOCATE(CAST(CONCAT('/', t.TABLE_SCHEMA, '/', t.TABLE_NAME, '/') AS BINARY), (SELECT l FROM head_list)) > 0) b
    WHERE rn = 200
), candidates AS (  -- every table but the tiny ones past the cut
    SELECT CONCAT('/', s, '/', n, '/') AS k
    FROM (SELECT CAST(t.TABLE_SCHEMA AS BINARY) AS s, CAST(t.TABLE_NAME AS BINARY) AS n, 0 AS skip
          FROM information_schema.TABLES t
          WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
          UNION ALL
          SELECT CAST(s AS BINARY), CAST(n AS BINARY), 1 FROM tiny WHERE (s, n) > (SELECT s, n FROM cut)) z
    GROUP BY s, n
    HAVING MAX(skip) = 0
), candidate_list AS (
    SELECT IF(COALESCE(SUM(LENGTH(k)), 0) = COALESCE(LENGTH(GROUP_CONCAT(k SEPARATOR '')), 0)
                AND COALESCE(SUM(LENGTH(k)), 0) <= 32768,
              CAST(COALESCE(GROUP_CONCAT(k SEPARATOR ''), '') AS BINARY), NULL) AS l
    FROM candidates
), facts AS (  -- the tables read (opened 1), every table's .frm (opened 0), the tablespace of each InnoDB table
    SELECT t.TABLE_SCHEMA AS table_schema, t.TABLE_NAME AS table_name,
           IF(t.TABLE_TYPE = 'BASE TABLE' AND t.ENGINE <> 'MEMORY', t.ENGINE, NULL) AS engine,
           IF(t.TABLE_TYPE = 'BASE TABLE' AND t.ENGINE <> 'MEMORY', t.DATA_LENGTH, NULL) AS data_bytes,
           IF(t.TABLE_TYPE = 'BASE TABLE' AND t.ENGINE <> 'MEMORY', t.INDEX_LENGTH, NULL) AS index_bytes,
           IF(t.TABLE_TYPE = 'BASE TABLE' AND t.ENGINE <> 'MEMORY', t.DATA_FREE, NULL) AS free_bytes,
           NULL AS space, 1 AS opened
    FROM information_schema.TABLES t
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      -- names only: tested before the table is opened
      AND COALESCE(LOCATE(CAST(CONCAT('/', t.TABLE_SCHEMA, '/', t.TABLE_NAME, '/') AS BINARY), (SELECT l FROM candidate_list)) > 0,
                   TRUE)
    UNION ALL
    SELECT t.TABLE_SCHEMA, t.TABLE_NAME, IF(t.TABLE_TYPE = 'BASE TABLE' AND t.ENGINE <> 'MEMORY', t.ENGINE, NULL),
           NULL, NULL, NULL, NULL, 0
    FROM information_schema.TABLES t
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
    UNION ALL
    SELECT SUBSTRING_INDEX(s.NAME, '/', 1), SUBSTRING_INDEX(s.NAME, '/', -1), NULL, NULL, NULL, NULL, s.SPACE, NULL
    FROM information_schema.INNODB_SYS_TABLES s
    WHERE s.NAME LIKE '%/%' AND s.SPACE = 0  -- the system tablespace's: any other SPACE is a table's own
), per_table AS (  -- a table read takes its engine from that read (none: it could not be opened), one not read from its .frm
    SELECT table_schema, table_name,
           IF(MAX(opened) = 1, MAX(IF(opened = 1, engine, NULL)), MAX(engine)) AS engine,
           MAX(data_bytes) AS data_bytes, MAX(index_bytes) AS index_bytes, MAX(free_bytes) AS free_bytes,
           COALESCE(IF(MAX(opened) = 1, MAX(IF(opened = 1, engine, NULL)), MAX(engine)) = 'InnoDB' AND MIN(space) = 0, 0)
                                                                                                 AS shared_tablespace
    FROM facts
    GROUP BY table_schema, table_name
    HAVING IF(MAX(opened) = 1, MAX(IF(opened = 1, engine, NULL)), MAX(engine)) IS NOT NULL
)
SELECT table_schema,
       table_name,
       engine,
       data_bytes,
       index_bytes,
       free_bytes,
       ROUND(100 * free_bytes / NULLIF(data_bytes + index_bytes + IF(engine = 'InnoDB', free_bytes, 0), 0), 2)
                                                                                   AS free_pct,
       shared_tablespace,
       COUNT(*) OVER ()                                                            AS total
FROM per_table
ORDER BY shared_tablespace, free_bytes DESC, table_schema, table_name
LIMIT 200
