-- MariaDB (MySQL 8: mysql.sql, the same rules). RANGE / RANGE COLUMNS partitioned tables and how many
-- days their last bound leaves. A row that falls past the last bound fails with ERROR 1526 "Table has no
-- partition for value" unless a MAXVALUE partition catches it. days_left is known for date bounds only,
-- in whole days from the server's today to the bound's day (0: today's rows already do not fit): RANGE on
-- TO_DAYS(col) (the bound is a day number), UNIX_TIMESTAMP(col) (seconds), YEAR(col), and RANGE COLUMNS
-- whose first column's bound is a quoted date or datetime; other bounds (ids, yyyymmdd integers) leave it
-- NULL. The last bounded partition is the last one, or the one before a MAXVALUE catch-all; bound_date is
-- the day it ends. Subpartitions are folded into their partition. Largest risk first, 200 tables.
-- Cost: MariaDB opens a table to fill its information_schema.PARTITIONS rows (0.02 ms a table when
-- table_open_cache holds them all, 0.1-1 ms when it does not: 1.8 s on 10,000 tables), but it tests a
-- condition on TABLE_SCHEMA / TABLE_NAME alone, constants and uncorrelated subqueries included, before it
-- opens anything. So the tables InnoDB's dictionary shows as plain ones (INNODB_SYS_TABLES: a name
-- without '#P#' partitions, no file-name encoding) are left out by name and every other table is read as
-- before (partitioned InnoDB, other engines, views, names with special characters): 0.2 s on 10,000.
-- The list is '/schema/table/' entries compared as bytes, so an entry matches one table only; cut
-- short by group_concat_max_len, or longer than 32 KB (its search would cost more than it saves), it is
-- NULL and every table is read.
WITH names AS (  -- every table by name (nothing opened), and InnoDB's plain, unpartitioned ones
    SELECT CAST(t.TABLE_SCHEMA AS BINARY) AS s, CAST(t.TABLE_NAME AS BINARY) AS n, 0 AS plain_innodb
    FROM information_schema.TABLES t
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
    UNION ALL
    SELECT CAST(SUBSTRING_INDEX(i.NAME, '/', 1) AS BINARY), CAST(SUBSTRING_INDEX(i.NAME, '/', -1) AS BINARY), 1
    FROM information_schema.INNODB_SYS_TABLES i
    WHERE i.NAME REGEXP '^[0-9A-Za-z_]+/[0-9A-Za-z_]+$'
), candidates AS (
    SELECT CONCAT('/', s, '/', n, '/') AS k
    FROM names
    GROUP BY s, n
    HAVING MAX(plain_innodb) = 0
), candidate_list AS (  -- the tables to read, as one list
    SELECT IF(COALESCE(SUM(LENGTH(k)), 0) = COALESCE(LENGTH(GROUP_CONCAT(k SEPARATOR '')), 0)
                AND COALESCE(SUM(LENGTH(k)), 0) <= 32768,
              COALESCE(GROUP_CONCAT(k SEPARATOR ''), ''), NULL) AS l
    FROM candidates
), parts AS (
    SELECT p.TABLE_SCHEMA, p.TABLE_NAME, p.PARTITION_NAME, p.PARTITION_ORDINAL_POSITION AS pos,
           p.PARTITION_METHOD, p.PARTITION_EXPRESSION, p.PARTITION_DESCRIPTION,
           SUM(COALESCE(p.TABLE_ROWS, 0)) AS rows_estimate
    FROM information_schema.PARTITIONS p
    WHERE p.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND p.PARTITION_METHOD IN ('RANGE', 'RANGE COLUMNS')
      -- names only: tested before the table is opened
      AND COALESCE(LOCATE(CAST(CONCAT('/', p.TABLE_SCHEMA, '/', p.TABLE_NAME, '/') AS BINARY), (SELECT l FROM candidate_list)) > 0,
                   TRUE)
    GROUP BY p.TABLE_SCHEMA, p.TABLE_NAME, p.PARTITION_NAME, p.PARTITION_ORDINAL_POSITION,
             p.PARTITION_METHOD, p.PARTITION_EXPRESSION, p.PARTITION_DESCRIPTION
), ranked AS (
    SELECT parts.*,
           ROW_NUMBER() OVER (PARTITION BY TABLE_SCHEMA, TABLE_NAME ORDER BY pos DESC)            AS from_end,
           COUNT(*) OVER (PARTITION BY TABLE_SCHEMA, TABLE_NAME)                                   AS partitions,
           FIRST_VALUE(PARTITION_DESCRIPTION) OVER (PARTITION BY TABLE_SCHEMA, TABLE_NAME ORDER BY pos DESC) AS last_description
    FROM parts
), per_table AS (
    SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, partitions,
           MAX(CASE WHEN from_end = 1 THEN PARTITION_NAME END)                                     AS last_partition,
           MAX(last_description LIKE 'MAXVALUE%')                                                  AS has_maxvalue,
           MAX(CASE WHEN from_end = 1 AND last_description LIKE 'MAXVALUE%' THEN rows_estimate END) AS maxvalue_rows,
           MAX(CASE WHEN from_end = IF(last_description LIKE 'MAXVALUE%', 2, 1) THEN PARTITION_NAME END)        AS bounded_partition,
           MAX(CASE WHEN from_end = IF(last_description LIKE 'MAXVALUE%', 2, 1) THEN PARTITION_DESCRIPTION END) AS last_bound
    FROM ranked
    GROUP BY TABLE_SCHEMA, TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, partitions
), dated AS (
    SELECT per_table.*,
           LOWER(REPLACE(PARTITION_EXPRESSION, '`', ''))                                           AS expr,
           TRIM(BOTH '''' FROM SUBSTRING_INDEX(last_bound, ',', 1))                                AS first_bound
    FROM per_table
), rated AS (
    SELECT TABLE_SCHEMA                                                          AS table_schema,
           TABLE_NAME                                                            AS table_name,
           PARTITION_METHOD                                                      AS partition_method,
           PARTITION_EXPRESSION                                                  AS partition_expression,
           partitions,
           last_partition,
           bounded_partition,
           last_bound,
           has_maxvalue,
           maxvalue_rows,
           CASE
             WHEN last_bound IS NULL THEN NULL
             WHEN PARTITION_METHOD = 'RANGE' AND expr LIKE 'to\_days(%' THEN CAST(first_bound AS SIGNED) - TO_DAYS(CURDATE())
             WHEN PARTITION_METHOD = 'RANGE' AND expr LIKE 'unix\_timestamp(%'
                  THEN DATEDIFF(FROM_UNIXTIME(CAST(first_bound AS SIGNED)), CURDATE())
             WHEN PARTITION_METHOD = 'RANGE' AND expr LIKE 'year(%' THEN DATEDIFF(MAKEDATE(CAST(first_bound AS SIGNED), 1), CURDATE())
             WHEN PARTITION_METHOD = 'RANGE COLUMNS' AND first_bound REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
                  THEN DATEDIFF(LEFT(first_bound, 10), CURDATE())
           END                                                                   AS days_left,
           COUNT(*) OVER ()                                                      AS total
    FROM dated
)
SELECT rated.*, CURDATE() + INTERVAL days_left DAY AS bound_date
FROM rated
ORDER BY days_left IS NULL, days_left, table_schema, table_name
LIMIT 200
