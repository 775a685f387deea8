-- MySQL 8 (MariaDB: mariadb.sql): indexes another index of the same table makes redundant, with the rules of MySQL's
-- sys.schema_redundant_indexes (pt-duplicate-key-checker's too) over information_schema.STATISTICS,
-- which shows a table's indexes only to a user holding some privilege on it (SHOW VIEW on *.*):
--   duplicate: the same columns in the same order, prefix lengths and sort order alike — the
--              redundant one is the non-unique one, else the later name (PRIMARY always stays);
--   prefix:    a non-unique B-tree whose columns lead another B-tree's columns.
-- A column prefix (c(10)) or a DESC column is part of what is compared, so c(10) and c are not
-- duplicates; a functional key part compares by its EXPRESSION. FULLTEXT and SPATIAL indexes are left out. Sizes from the persistent statistics
-- (mysql.innodb_index_stats 'size' pages; partitions NAME#p#part added up). Bounded: the 200
-- largest, with how many there are and their total size.
WITH keys_ AS (
    SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, INDEX_NAME AS index_name,
           MAX(NON_UNIQUE) AS non_unique, MAX(INDEX_TYPE) AS index_type,
           GROUP_CONCAT(CONCAT(IFNULL(COLUMN_NAME, CONCAT('(', EXPRESSION, ')')), IFNULL(CONCAT('(', SUB_PART, ')'), ''), IF(COLLATION = 'D', ' DESC', ''))
                        ORDER BY SEQ_IN_INDEX SEPARATOR ', ') AS cols
    FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND INDEX_TYPE NOT IN ('FULLTEXT', 'SPATIAL')
    GROUP BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME
),
pairs AS (
    SELECT r.schema_name, r.table_name, r.index_name, d.index_name AS dominant_index,
           CASE WHEN r.cols = d.cols THEN 'duplicate' ELSE 'prefix' END AS kind,
           r.cols AS definition, d.cols AS dominant_definition,
           ROW_NUMBER() OVER (PARTITION BY r.schema_name, r.table_name, r.index_name
                              ORDER BY r.cols = d.cols DESC, CHAR_LENGTH(d.cols), d.index_name) AS pick
    FROM keys_ r
    JOIN keys_ d ON d.schema_name = r.schema_name AND d.table_name = r.table_name AND d.index_name <> r.index_name
    WHERE r.index_name <> 'PRIMARY'
      AND (   (r.cols = d.cols AND r.index_type = d.index_type
               AND (r.non_unique > d.non_unique
                    OR (r.non_unique = d.non_unique AND r.index_name > IF(d.index_name = 'PRIMARY', '', d.index_name))))
           OR (r.non_unique = 1 AND r.index_type = 'BTREE' AND d.index_type = 'BTREE'
               AND LEFT(d.cols, CHAR_LENGTH(r.cols) + 2) = CONCAT(r.cols, ', ')))
),
sizes AS (
    SELECT database_name AS schema_name, SUBSTRING_INDEX(table_name, '#p#', 1) AS table_name, index_name,
           SUM(stat_value) * @@innodb_page_size AS size_bytes
    FROM mysql.innodb_index_stats
    WHERE stat_name = 'size'
    GROUP BY 1, 2, 3
)
SELECT p.schema_name, p.table_name, p.index_name, p.dominant_index, p.kind, sz.size_bytes, p.definition,
       p.dominant_definition, CAST(NULL AS CHAR) AS constraint_name,
       COUNT(*) OVER ()                          AS total,
       COALESCE(SUM(sz.size_bytes) OVER (), 0)   AS total_bytes
FROM pairs p
LEFT JOIN sizes sz ON sz.schema_name = p.schema_name AND sz.table_name = p.table_name AND sz.index_name = p.index_name
WHERE p.pick = 1
ORDER BY sz.size_bytes DESC, p.schema_name, p.table_name, p.index_name
LIMIT 200
