-- MariaDB (MySQL 8: mysql.sql, the same rules). AUTO_INCREMENT columns and how much of their type's
-- range the next value has used (the facts of sys.schema_auto_increment_columns: the type's maximum,
-- halved for a signed column, against TABLES.AUTO_INCREMENT, the next value to be handed out). A column
-- at its maximum makes every INSERT fail with ERROR 1062 (duplicate key) or 167 (out of range). One
-- set-based statement for all tables (MySQLTuner's audit runs one statement per table: 1,036
-- connections on 1,000 tables). COLUMNS and TABLES meet in a UNION ALL grouped by table, not a JOIN:
-- MariaDB's information_schema tables have no index, so a JOIN is a block-nested loop over every column
-- x every table (measured 10-27 s on 10,020 tables). Fullest first, 200 columns; total counts every
-- AUTO_INCREMENT column seen.
-- Cost: TABLES.AUTO_INCREMENT makes MariaDB open the table (0.02 ms a table when table_open_cache holds
-- them all, 0.1-1 ms when it does not: 2.5 s on 10,000 tables), COLUMNS only reads its .frm (0.2 s on
-- 10,000). MariaDB tests a condition on TABLE_SCHEMA / TABLE_NAME alone, constants and uncorrelated
-- subqueries included, before it opens a table, so TABLES is read for the tables COLUMNS shows with an
-- AUTO_INCREMENT column only: the others could not give a row (their TABLES row finds no column in the
-- grouping) and are not opened (0.4 s on 10,000 tables, COLUMNS read twice). The list is
-- '/schema/table/' entries compared as bytes (the same names COLUMNS and TABLES both show); cut short
-- by group_concat_max_len, or longer than 32 KB (its search would cost more than it saves), it is NULL
-- and every table is read, as before.
WITH ai AS (  -- the AUTO_INCREMENT columns
    SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE,
           CASE c.DATA_TYPE WHEN 'tinyint' THEN 255 WHEN 'smallint' THEN 65535 WHEN 'mediumint' THEN 16777215
                            WHEN 'int' THEN 4294967295 WHEN 'bigint' THEN 18446744073709551615 END
             >> IF(LOCATE('unsigned', c.COLUMN_TYPE) > 0, 0, 1)       AS max_value
    FROM information_schema.COLUMNS c
    WHERE c.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND c.EXTRA LIKE '%auto_increment%'
      AND c.DATA_TYPE IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint')
), ai_tables AS (  -- their tables, as one list
    SELECT IF(COALESCE(SUM(LENGTH(k)), 0) = COALESCE(LENGTH(GROUP_CONCAT(k SEPARATOR '')), 0)
                AND COALESCE(SUM(LENGTH(k)), 0) <= 32768,
              COALESCE(GROUP_CONCAT(k SEPARATOR ''), ''), NULL) AS l
    FROM (SELECT CAST(CONCAT('/', TABLE_SCHEMA, '/', TABLE_NAME, '/') AS BINARY) AS k FROM ai) x
), facts AS (
    SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, max_value, NULL AS next_value, NULL AS table_rows
    FROM ai
    UNION ALL
    SELECT t.TABLE_SCHEMA, t.TABLE_NAME, NULL, NULL, NULL, t.AUTO_INCREMENT, t.TABLE_ROWS
    FROM information_schema.TABLES t
    WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
      AND t.TABLE_TYPE = 'BASE TABLE'
      AND t.AUTO_INCREMENT IS NOT NULL
      -- names only: tested before the table is opened
      AND COALESCE(LOCATE(CAST(CONCAT('/', t.TABLE_SCHEMA, '/', t.TABLE_NAME, '/') AS BINARY), (SELECT l FROM ai_tables)) > 0,
                   TRUE)
), per_table AS (
    SELECT TABLE_SCHEMA, TABLE_NAME, MAX(COLUMN_NAME) AS column_name, MAX(COLUMN_TYPE) AS column_type,
           MAX(max_value) AS max_value, MAX(next_value) AS next_value, MAX(table_rows) AS table_rows
    FROM facts
    GROUP BY TABLE_SCHEMA, TABLE_NAME
    HAVING MAX(COLUMN_NAME) IS NOT NULL AND MAX(next_value) IS NOT NULL
)
SELECT TABLE_SCHEMA                                 AS table_schema,
       TABLE_NAME                                   AS table_name,
       column_name,
       column_type,
       next_value,
       max_value,
       ROUND(next_value / max_value * 100, 2)       AS used_pct,
       table_rows,
       COUNT(*) OVER ()                             AS total
FROM per_table
ORDER BY used_pct DESC, table_schema, table_name
LIMIT 200
