-- Character sets and collations that differ from where they are inherited from: the server default
-- (character_set_server / collation_server) → each schema's default → each table's default → each
-- text column. One row for the server; a row per schema whose default collation is not the server's
-- (BlueKing's character-consistency item compares schemas with the server); a row per table whose
-- collation is not its schema's, or that has text columns in another collation than its own (mixed
-- columns make comparisons and joins fail with ERROR 1267 "Illegal mix of collations" or skip the
-- index). Tables consistent with their schema are not listed: a schema row covers them.
-- Only names and collations are read (MariaDB: each table's .frm, no table opened; MySQL 8: the data
-- dictionary). COLUMNS and TABLES meet in a UNION ALL grouped by table, not a JOIN (MariaDB's
-- information_schema tables have no index: a JOIN loops over every column x every table).
-- charset is the collation's prefix (utf8mb4_general_ci → utf8mb4). Server first, then schemas and
-- tables, 200 rows; total counts every row before the LIMIT.
WITH facts AS (
    SELECT c.TABLE_SCHEMA AS s, c.TABLE_NAME AS n, c.COLLATION_NAME AS coll, 1 AS cols, 0 AS is_table
    FROM information_schema.COLUMNS c
    WHERE c.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND c.COLLATION_NAME IS NOT NULL
    UNION ALL
    SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.TABLE_COLLATION, 0, 1
    FROM information_schema.TABLES t
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')  -- MariaDB 10.3+ versioned tables too
), by_collation AS (
    SELECT s, n, coll, SUM(cols) AS cols, MAX(is_table) AS is_table
    FROM facts
    GROUP BY s, n, coll
), with_table AS (
    SELECT b.*,
           MAX(CASE WHEN b.is_table = 1 THEN b.coll END) OVER (PARTITION BY b.s, b.n) AS table_collation,
           MAX(b.is_table) OVER (PARTITION BY b.s, b.n)                              AS has_table
    FROM by_collation b
), per_table AS (
    SELECT s, n, table_collation,
           SUM(CASE WHEN coll <> table_collation THEN cols ELSE 0 END)                            AS columns_off,
           GROUP_CONCAT(CASE WHEN cols > 0 AND coll <> table_collation THEN coll END ORDER BY coll) AS other_collations
    FROM with_table
    WHERE has_table = 1
    GROUP BY s, n, table_collation
), found AS (
    SELECT 0 AS level, 'server' AS object_type, '(server)' AS object_name, NULL AS table_schema, NULL AS table_name,
           @@collation_server AS collation, NULL AS parent_collation, NULL AS columns_off, NULL AS other_collations
    UNION ALL
    SELECT 1, 'schema', sc.SCHEMA_NAME, sc.SCHEMA_NAME, NULL, sc.DEFAULT_COLLATION_NAME, @@collation_server, NULL, NULL
    FROM information_schema.SCHEMATA sc
    WHERE sc.SCHEMA_NAME NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND sc.DEFAULT_COLLATION_NAME <> @@collation_server
    UNION ALL
    SELECT 2, 'table', CONCAT(p.s, '.', p.n), p.s, p.n, p.table_collation, sc.DEFAULT_COLLATION_NAME, p.columns_off,
           p.other_collations
    FROM per_table p
    JOIN information_schema.SCHEMATA sc ON sc.SCHEMA_NAME = p.s
    WHERE p.table_collation <> sc.DEFAULT_COLLATION_NAME OR p.columns_off > 0
)
SELECT object_type,
       object_name,
       table_schema,
       table_name,
       SUBSTRING_INDEX(collation, '_', 1) AS charset,
       collation,
       parent_collation,
       columns_off,
       other_collations,
       COUNT(*) OVER ()                    AS total
FROM found
ORDER BY level, object_name
LIMIT 200
