-- MariaDB: secondary indexes no statement has used since the server started — read from
-- performance_schema.table_io_waits_summary_by_index_usage (COUNT_STAR = 0: no read, fetch, update
-- or delete through the index; sys.schema_unused_indexes and MySQLTuner read it the same way).
-- Only tables opened since the start have rows there. Left out: clustered and unique indexes
-- (INNODB_SYS_INDEXES TYPE bits 1 and 2), and indexes a foreign key needs (the child's FK index and
-- a referenced non-unique one; InnoDB refuses to drop them). Sizes from the persistent statistics
-- (mysql.innodb_index_stats 'size' pages, found by its primary key; partitions, NAME#P#part, added
-- up). ``instrumented`` says whether table I/O is counted at all (instrument
-- wait/io/table/sql/handler and the global_instrumentation consumer): without it every index looks
-- unused. One row with no index when there is none. Bounded: the 200 largest, with how many there
-- are and their total size. InnoDB's names are file-name encoded (a '-' is '@002d'); ordinary
-- identifiers read the same. The dictionary views are joined through grouped derived tables, which
-- MariaDB materializes with a key — if no column is a BLOB (GROUP_CONCAT is cast to CHAR) and the key
-- is short (an MD5 of the names): otherwise it joins by a nested loop, 30,000 indexes × 10,000
-- tables, minutes on 10,000 tables. An index's column list (CHAR(512)) is built from its field rows
-- where it is needed — beside a foreign key's, and for the 200 shown — not held for every index in one
-- derived table (30,000 lists of 2 KB are a temporary table on disk: 0.5 s of 1.2 s on 10,000 tables).
WITH tb AS (
    SELECT TABLE_ID, MAX(SUBSTRING_INDEX(NAME, '#P#', 1)) AS base
    FROM information_schema.INNODB_SYS_TABLES
    GROUP BY TABLE_ID
),
idx AS (
    SELECT INDEX_ID, MAX(TABLE_ID) AS TABLE_ID, MAX(NAME) AS NAME, MAX(TYPE) AS TYPE
    FROM information_schema.INNODB_SYS_INDEXES
    GROUP BY INDEX_ID
),
fields AS (  -- each index's columns, one row each
    SELECT INDEX_ID, POS, MAX(NAME) AS NAME
    FROM information_schema.INNODB_SYS_FIELDS
    GROUP BY INDEX_ID, POS
),
ix AS (  -- one row per table/index (partitions together), keyed by a short hash for the join below
    -- fid: one partition's index (every partition has the same columns)
    SELECT MD5(CONCAT(tb.base, '/', i.NAME)) AS ikey, MAX(i.TYPE & 3) AS kind_bits, MIN(i.INDEX_ID) AS fid
    FROM idx i
    JOIN tb ON tb.TABLE_ID = i.TABLE_ID
    WHERE i.NAME NOT IN ('PRIMARY', 'GEN_CLUST_INDEX')
    GROUP BY CONCAT(tb.base, '/', i.NAME)
),
fk_cols AS (  -- each foreign key's columns, as a list, on the referencing and on the referenced table
    SELECT ID, CAST(GROUP_CONCAT(FOR_COL_NAME ORDER BY POS SEPARATOR ', ') AS CHAR(512)) AS for_cols,
           CAST(GROUP_CONCAT(REF_COL_NAME ORDER BY POS SEPARATOR ', ') AS CHAR(512)) AS ref_cols
    FROM information_schema.INNODB_SYS_FOREIGN_COLS
    GROUP BY ID
),
fk AS (
    SELECT ID, MAX(FOR_NAME) AS for_name, MAX(REF_NAME) AS ref_name
    FROM information_schema.INNODB_SYS_FOREIGN
    GROUP BY ID
),
fk_keys AS (
    SELECT tname, cols
    FROM (SELECT f.for_name AS tname, c.for_cols AS cols FROM fk f JOIN fk_cols c ON c.ID = f.ID
          UNION ALL
          SELECT f.ref_name, c.ref_cols FROM fk f JOIN fk_cols c ON c.ID = f.ID) z
    GROUP BY tname, cols
),
unused AS (
    SELECT u.OBJECT_SCHEMA AS schema_name, u.INDEX_NAME AS index_name, u.OBJECT_NAME AS table_name,
           -- the statistics' primary key finds a table's row; a partitioned table's rows are NAME#P#PART
           COALESCE(st.stat_value, (SELECT SUM(sp.stat_value) FROM mysql.innodb_index_stats sp
                                    WHERE sp.database_name = u.OBJECT_SCHEMA AND sp.stat_name = 'size'
                                      AND sp.index_name = u.INDEX_NAME
                                      AND sp.table_name LIKE CONCAT(REPLACE(u.OBJECT_NAME, '_', '\\_'), '#P#%')))
             * @@innodb_page_size AS size_bytes,
           u.COUNT_STAR AS idx_scan, ix.fid
    FROM performance_schema.table_io_waits_summary_by_index_usage u
    JOIN ix ON ix.ikey = MD5(CONCAT(u.OBJECT_SCHEMA, '/', u.OBJECT_NAME, '/', u.INDEX_NAME))
    LEFT JOIN mysql.innodb_index_stats st
           ON st.database_name = u.OBJECT_SCHEMA AND st.table_name = u.OBJECT_NAME AND st.index_name = u.INDEX_NAME
          AND st.stat_name = 'size'
    -- an index whose leading columns are a foreign key's, on either side (its list made for these only)
    LEFT JOIN fk_keys fk ON fk.tname = CONCAT(u.OBJECT_SCHEMA, '/', u.OBJECT_NAME)
          -- (list = cols OR list LIKE 'cols, %') as one test, so the list is built once (each reference to
          -- the fields CTE is a materialisation of its own: 75-145 ms on 10,000 tables)
          AND CONCAT((SELECT CAST(GROUP_CONCAT(f.NAME ORDER BY f.POS SEPARATOR ', ') AS CHAR(512)) FROM fields f
                      WHERE f.INDEX_ID = ix.fid), ', ')
              LIKE CONCAT(REPLACE(fk.cols, '_', '\\_'), ', %')
    WHERE u.OBJECT_TYPE = 'TABLE'
      AND u.INDEX_NAME IS NOT NULL AND u.INDEX_NAME <> 'PRIMARY'
      AND u.COUNT_STAR = 0
      AND ix.kind_bits = 0
      AND fk.tname IS NULL
      AND u.OBJECT_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
),
epoch AS (  -- once (a subquery naming a system variable would be re-run for every row)
    SELECT CAST(VARIABLE_VALUE AS UNSIGNED) AS uptime_s,
           (SELECT SUM(stat_value) FROM mysql.innodb_index_stats WHERE stat_name = 'size') AS data_pages
    FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME'
),
shown AS (  -- the 200 shown, with the counts over all of them
    SELECT u.schema_name, u.index_name, u.table_name, u.size_bytes, u.idx_scan, u.fid,
           ROUND(e.uptime_s / 86400, 1)                                     AS counters_age_days,
           NOW() - INTERVAL e.uptime_s SECOND                               AS counters_since,
           COUNT(u.index_name) OVER ()                                      AS total,
           COALESCE(SUM(u.size_bytes) OVER (), 0)                           AS total_bytes,
           e.data_pages * @@innodb_page_size                                AS data_bytes
    FROM epoch e
    LEFT JOIN unused u ON TRUE
    ORDER BY u.size_bytes IS NULL, u.size_bytes DESC, u.schema_name, u.table_name, u.index_name
    LIMIT 200
)
SELECT t.schema_name, t.index_name, t.table_name, t.size_bytes, t.idx_scan,
       (SELECT CAST(GROUP_CONCAT(f.NAME ORDER BY f.POS SEPARATOR ', ') AS CHAR(512)) FROM fields f WHERE f.INDEX_ID = t.fid)
                                                                        AS definition,
       t.counters_age_days, t.counters_since, t.total, t.total_bytes, t.data_bytes,
       -- what performance_schema does not count makes a used index look unused: sessions of a user
       -- setup_actors disables (with thread_instrumentation on, their table I/O is not recorded), tables
       -- setup_objects disables, instances or index statistics it had no room for (*_lost > 0)
       NULLIF(CONCAT_WS(', ',
         IF((SELECT COUNT(*) FROM performance_schema.setup_consumers WHERE NAME = 'thread_instrumentation' AND ENABLED = 'YES') > 0
            AND ((SELECT COUNT(*) FROM performance_schema.setup_actors WHERE ENABLED = 'NO') > 0
                 OR (SELECT COUNT(*) FROM performance_schema.setup_actors
                     WHERE HOST = '%' AND USER = '%' AND ENABLED = 'YES') = 0), 'setup_actors', NULL),
         IF((SELECT COUNT(*) FROM performance_schema.setup_objects
             WHERE OBJECT_TYPE = 'TABLE' AND ENABLED = 'NO'
               AND OBJECT_SCHEMA NOT IN ('mysql', 'performance_schema', 'information_schema')) > 0, 'setup_objects', NULL),
         IF((SELECT SUM(VARIABLE_VALUE) FROM information_schema.GLOBAL_STATUS
             WHERE VARIABLE_NAME IN ('PERFORMANCE_SCHEMA_TABLE_INSTANCES_LOST', 'PERFORMANCE_SCHEMA_TABLE_HANDLES_LOST', 'PERFORMANCE_SCHEMA_INDEX_STAT_LOST')) > 0, 'lost', NULL)), '') AS incomplete,
       -- the share of the server's row operations since start (Handler_* status, not reset by a
       -- performance_schema TRUNCATE or sys.ps_truncate_all_tables) that the table I/O summary holds:
       -- far below 100 % after a reset (measured on MariaDB 10.11: 85 % after a workload, 7 % once
       -- truncated and read again)
       ROUND(100 * (SELECT SUM(COUNT_STAR) FROM performance_schema.table_io_waits_summary_by_table
                    WHERE OBJECT_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema'))
             / NULLIF((SELECT SUM(VARIABLE_VALUE) FROM information_schema.GLOBAL_STATUS
                       WHERE VARIABLE_NAME LIKE 'HANDLER\_READ\_%' OR VARIABLE_NAME IN ('HANDLER_WRITE', 'HANDLER_UPDATE', 'HANDLER_DELETE')), 0), 1) AS counted_pct,
       (SELECT COUNT(*) FROM performance_schema.setup_instruments WHERE NAME = 'wait/io/table/sql/handler' AND ENABLED = 'YES')
       * (SELECT COUNT(*) FROM performance_schema.setup_consumers WHERE NAME = 'global_instrumentation' AND ENABLED = 'YES')
                                                                        AS instrumented
FROM shown t
ORDER BY t.size_bytes IS NULL, t.size_bytes DESC, t.schema_name, t.table_name, t.index_name
