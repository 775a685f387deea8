-- MySQL 8 (MariaDB: mariadb.sql): secondary indexes no statement has used since the server started — read from
-- performance_schema.table_io_waits_summary_by_index_usage (COUNT_STAR = 0: no read, fetch, update
-- or delete through the index; sys.schema_unused_indexes and MySQLTuner read it the same way).
-- Only tables opened since the start have rows there. Left out: clustered and unique indexes
-- (INNODB_INDEXES TYPE bits 1 and 2), and indexes a foreign key needs (the child's FK index and
-- a referenced non-unique one; InnoDB refuses to drop them). Sizes from the persistent statistics
-- (mysql.innodb_index_stats 'size' pages; partitions, NAME#p#part, added up). ``instrumented``
-- says whether table I/O is counted at all (instrument wait/io/table/sql/handler and the
-- global_instrumentation consumer): without it every index looks unused. One row with no index
-- when there is none. Bounded: the 200 largest, with how many there are and their total size.
-- InnoDB's names are file-name encoded (a '-' is '@002d'); ordinary identifiers read the same.
WITH tb AS (
    SELECT TABLE_ID, SUBSTRING_INDEX(NAME, '#p#', 1) AS base
    FROM information_schema.INNODB_TABLES
),
fields AS (
    SELECT INDEX_ID, GROUP_CONCAT(NAME ORDER BY POS SEPARATOR ', ') AS cols
    FROM information_schema.INNODB_FIELDS
    GROUP BY INDEX_ID
),
ix AS (
    SELECT SUBSTRING_INDEX(tb.base, '/', 1) AS schema_name, SUBSTRING_INDEX(tb.base, '/', -1) AS table_name,
           i.NAME AS index_name, MAX(i.TYPE & 3) AS kind_bits, MIN(i.INDEX_ID) AS any_index_id
    FROM information_schema.INNODB_INDEXES i
    JOIN tb ON tb.TABLE_ID = i.TABLE_ID
    GROUP BY tb.base, i.NAME
),
fk_side AS (  -- each foreign key's columns on the referencing and on the referenced table
    SELECT f.ID, f.FOR_NAME AS tname, c.POS, c.FOR_COL_NAME AS col, f.N_COLS
    FROM information_schema.INNODB_FOREIGN f JOIN information_schema.INNODB_FOREIGN_COLS c ON c.ID = f.ID
    UNION ALL
    SELECT f.ID, f.REF_NAME, c.POS, c.REF_COL_NAME, f.N_COLS
    FROM information_schema.INNODB_FOREIGN f JOIN information_schema.INNODB_FOREIGN_COLS c ON c.ID = f.ID
),
fk_ix AS (  -- indexes whose leading fields are those columns
    SELECT DISTINCT SUBSTRING_INDEX(tb.base, '/', 1) AS schema_name, SUBSTRING_INDEX(tb.base, '/', -1) AS table_name,
           i.NAME AS index_name
    FROM fk_side s
    JOIN tb ON tb.base = s.tname
    JOIN information_schema.INNODB_INDEXES i ON i.TABLE_ID = tb.TABLE_ID
    JOIN information_schema.INNODB_FIELDS fl ON fl.INDEX_ID = i.INDEX_ID AND fl.POS = s.POS AND fl.NAME = s.col
    GROUP BY s.ID, s.tname, tb.base, i.INDEX_ID, i.NAME, s.N_COLS
    HAVING COUNT(*) = s.N_COLS
),
sizes AS (
    SELECT database_name AS schema_name, SUBSTRING_INDEX(table_name, '#p#', 1) AS table_name, index_name,
           SUM(stat_value) * @@innodb_page_size AS size_bytes
    FROM mysql.innodb_index_stats
    WHERE stat_name = 'size'
    GROUP BY 1, 2, 3
),
unused AS (
    SELECT u.OBJECT_SCHEMA AS schema_name, u.INDEX_NAME AS index_name, u.OBJECT_NAME AS table_name,
           sz.size_bytes, u.COUNT_STAR AS idx_scan, fields.cols AS definition
    FROM performance_schema.table_io_waits_summary_by_index_usage u
    JOIN ix ON ix.schema_name = u.OBJECT_SCHEMA AND ix.table_name = u.OBJECT_NAME AND ix.index_name = u.INDEX_NAME
    LEFT JOIN fields ON fields.INDEX_ID = ix.any_index_id
    LEFT JOIN sizes sz ON sz.schema_name = u.OBJECT_SCHEMA AND sz.table_name = u.OBJECT_NAME AND sz.index_name = u.INDEX_NAME
    LEFT JOIN fk_ix fk ON fk.schema_name = u.OBJECT_SCHEMA AND fk.table_name = u.OBJECT_NAME AND fk.index_name = u.INDEX_NAME
    WHERE u.OBJECT_TYPE = 'TABLE'
      AND u.INDEX_NAME IS NOT NULL
      AND u.COUNT_STAR = 0
      AND ix.kind_bits = 0
      AND fk.index_name IS NULL
      AND u.OBJECT_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
),
epoch AS (
    SELECT CAST(VARIABLE_VALUE AS UNSIGNED) AS uptime_s
    FROM performance_schema.global_status WHERE VARIABLE_NAME = 'UPTIME'
)
SELECT u.schema_name, u.index_name, u.table_name, u.size_bytes, u.idx_scan, u.definition,
       ROUND(e.uptime_s / 86400, 1)                                     AS counters_age_days,
       NOW() - INTERVAL e.uptime_s SECOND                               AS counters_since,
       COUNT(u.index_name) OVER ()                                      AS total,
       COALESCE(SUM(u.size_bytes) OVER (), 0)                           AS total_bytes,
       (SELECT SUM(stat_value) * @@innodb_page_size FROM mysql.innodb_index_stats WHERE stat_name = 'size') AS data_bytes,
       (SELECT COUNT(*) FROM performance_schema.setup_instruments WHERE NAME = 'wait/io/table/sql/handler' AND ENABLED = 'YES')
       * (SELECT COUNT(*) FROM performance_schema.setup_consumers WHERE NAME = 'global_instrumentation' AND ENABLED = 'YES')
                                                                        AS instrumented
FROM epoch e
LEFT JOIN unused u ON TRUE
ORDER BY u.size_bytes IS NULL, u.size_bytes DESC, u.schema_name, u.table_name, u.index_name
LIMIT 200
