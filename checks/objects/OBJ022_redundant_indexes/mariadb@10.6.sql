-- MariaDB: indexes another index of the same table makes redundant, with the rules of MySQL's
-- sys.schema_redundant_indexes (pt-duplicate-key-checker's too) over information_schema.STATISTICS,
-- which shows a table's indexes only to a user holding some privilege on it (SHOW VIEW on *.*):
--   duplicate: the same columns in the same order with the same prefix lengths — the redundant one
--              is the non-unique one, else the later name (PRIMARY always stays);
--   prefix:    a non-unique B-tree whose columns lead another B-tree's columns.
-- A column prefix (c(10)) is part of what is compared, so c(10) and c are not duplicates. Only the
-- STATISTICS columns MariaDB fills from the table definition are read: COLLATION and INDEX_TYPE make
-- it open every table in the storage engine (measured: 0.4 s against 5 s on 10,000 tables), so —
-- like sys.schema_redundant_indexes — a DESC column is not told from an ASC one, and the index type
-- comes from InnoDB's dictionary (INNODB_SYS_INDEXES TYPE: FULLTEXT 32 and SPATIAL 64 left out;
-- an index not found there, on another engine, counts as a B-tree). STATISTICS is read once (a
-- self-join would read it twice): each index's key is its columns, each after a tab, compared as
-- bytes, so every key that extends it sorts right after it — the next distinct key of the table says
-- whether it is a prefix (the lists are cast to CHAR: a GROUP_CONCAT is a BLOB, which keeps MariaDB's
-- temporary tables on disk). Sizes from the persistent statistics (mysql.innodb_index_stats 'size'
-- pages, found by its primary key; partitions NAME#P#part added up). Bounded: the 200 largest,
-- with how many there are and their total size (partitioned tables' not counted in it).
WITH special AS (  -- InnoDB's FULLTEXT and SPATIAL indexes: few, kept aside (grouped derived tables join by a key)
    SELECT DISTINCT SUBSTRING_INDEX(t.NAME, '/', 1) AS schema_name,
           SUBSTRING_INDEX(SUBSTRING_INDEX(t.NAME, '/', -1), '#P#', 1) AS table_name, i.NAME AS index_name
    FROM (SELECT TABLE_ID, NAME FROM information_schema.INNODB_SYS_INDEXES WHERE TYPE & 96 <> 0 GROUP BY TABLE_ID, NAME) i
    JOIN (SELECT TABLE_ID, MAX(NAME) AS NAME FROM information_schema.INNODB_SYS_TABLES GROUP BY TABLE_ID) t
      ON t.TABLE_ID = i.TABLE_ID
),
cols_ AS (
    SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, INDEX_NAME AS index_name,
           MAX(NON_UNIQUE) AS non_unique,
           MAX(IGNORED = 'YES') AS ignored,  -- 10.6+: reading it opens no table (measured)
           CAST(GROUP_CONCAT(CONCAT(COLUMN_NAME, IFNULL(CONCAT('(', SUB_PART, ')'), '')) ORDER BY SEQ_IN_INDEX SEPARATOR ', ')
                AS CHAR(512)) AS cols,
           CAST(CAST(GROUP_CONCAT(CONCAT(CHAR(9), COLUMN_NAME, IFNULL(CONCAT('(', SUB_PART, ')'), ''))
                                  ORDER BY SEQ_IN_INDEX SEPARATOR '') AS CHAR(512)) AS BINARY) AS k
    FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
    GROUP BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME
),
keys_ AS (
    SELECT c.*, 'BTREE' AS index_type
    FROM cols_ c
    WHERE (c.schema_name, c.table_name, c.index_name) NOT IN (SELECT schema_name, table_name, index_name FROM special)
),
ranked AS (
    SELECT kk.*,
           ROW_NUMBER() OVER w_dup                                 AS dup_rank,
           FIRST_VALUE(kk.index_name) OVER w_dup                   AS dup_of,
           FIRST_VALUE(kk.ignored) OVER w_dup                      AS dup_of_ignored,
           LEAD(kk.k) OVER w_next                                  AS next_k,
           -- the smallest optimizer-visible key after this row, with its index's name after CHAR(1)
           -- (which sorts before the tab that starts a longer key's next column)
           MIN(IF(kk.ignored = 0, CONCAT(kk.k, CHAR(1), kk.index_name), NULL))
               OVER (w_next ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_visible
    FROM keys_ kk
    WINDOW w_dup AS (PARTITION BY kk.schema_name, kk.table_name, kk.index_type, kk.k
                     ORDER BY kk.non_unique, kk.ignored, IF(kk.index_name = 'PRIMARY', '', kk.index_name)),
           w_next AS (PARTITION BY kk.schema_name, kk.table_name, kk.index_type
                      ORDER BY kk.k, kk.non_unique, kk.ignored, IF(kk.index_name = 'PRIMARY', '', kk.index_name))
),
nexted AS (  -- the next distinct visible key: the last row of a group of equal keys carries it
    SELECT r.*,
           MAX(CASE WHEN r.next_k IS NULL OR r.next_k <> r.k THEN r.next_visible END) OVER w_key AS nd
    FROM ranked r
    WINDOW w_key AS (PARTITION BY r.schema_name, r.table_name, r.index_type, r.k)
),
split AS (
    SELECT n.*, CAST(SUBSTRING_INDEX(n.nd, CHAR(1), 1) AS BINARY) AS nd_k,
           CONVERT(SUBSTRING_INDEX(n.nd, CHAR(1), -1) USING utf8mb4) AS nd_name
    FROM nexted n
),
redundant AS (
    SELECT schema_name, table_name, index_name,
           IF(dup_rank > 1, dup_of, nd_name)                     AS dominant_index,
           IF(dup_rank > 1, 'duplicate', 'prefix')               AS kind,
           cols                                                  AS definition,
           IF(dup_rank > 1, cols, CONVERT(REPLACE(SUBSTRING(nd_k, 2), CHAR(9), ', ') USING utf8mb4))
                                                                 AS dominant_definition,
           ignored
    FROM split
    WHERE index_name <> 'PRIMARY'
      AND ((dup_rank > 1 AND dup_of_ignored = 0)
           OR (non_unique = 1 AND index_type = 'BTREE' AND LEFT(nd_k, LENGTH(k) + 1) = CONCAT(k, CHAR(9))))
),
shown AS (
    SELECT r.*, COUNT(*) OVER () AS total
    FROM redundant r
)
SELECT p.schema_name, p.table_name, p.index_name, p.dominant_index, p.kind,
       -- the statistics' primary key finds a table's row; a partitioned table's rows are NAME#P#part
       COALESCE(st.stat_value, (SELECT SUM(sp.stat_value) FROM mysql.innodb_index_stats sp
                                WHERE sp.database_name = p.schema_name AND sp.stat_name = 'size'
                                  AND sp.index_name = p.index_name
                                  AND sp.table_name LIKE CONCAT(REPLACE(p.table_name, '_', '\\_'), '#P#%')))
         * @@innodb_page_size                    AS size_bytes,
       p.definition, p.dominant_definition, CAST(NULL AS CHAR) AS constraint_name, p.ignored,
       p.total,
       SUM(st.stat_value) OVER () * @@innodb_page_size AS total_bytes
FROM shown p
LEFT JOIN mysql.innodb_index_stats st
       ON st.database_name = p.schema_name AND st.table_name = p.table_name AND st.index_name = p.index_name
      AND st.stat_name = 'size'
ORDER BY size_bytes DESC, p.schema_name, p.table_name, p.index_name
LIMIT 200
