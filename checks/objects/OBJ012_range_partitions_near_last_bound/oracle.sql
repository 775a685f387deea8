-- Range-partitioned tables of application schemas without INTERVAL partitioning (Oracle adds no partition
-- for them): the last partition's HIGH_VALUE, and whether rows already land in it. HIGH_VALUE is a LONG (the
-- bound's SQL text, e.g. TO_DATE(' 2027-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')
-- or MAXVALUE): a LONG cannot be compared in SQL, so it is returned as text and the judge reads the date.
-- SERVER_NOW is the server's clock, the one the bound is written in. No FETCH FIRST: Oracle runs the
-- row-limiting clause as an inline view numbered with ROW_NUMBER(), and a LONG in a subquery's SELECT
-- list is ORA-00997; ROWNUM limits the rows without that rewrite.
SELECT p.table_owner                                         AS owner,
       p.table_name                                          AS table_name,
       p.partition_name                                      AS last_partition,
       p.partition_position                                  AS partitions,
       p.high_value                                          AS high_value,
       p.num_rows                                            AS last_partition_rows,
       k.column_name                                         AS key_column,
       TO_CHAR(SYSDATE, 'YYYY-MM-DD HH24:MI:SS')             AS server_now
FROM dba_tab_partitions p
JOIN dba_part_tables pt ON pt.owner = p.table_owner AND pt.table_name = p.table_name
JOIN dba_users u ON u.username = p.table_owner
LEFT JOIN dba_part_key_columns k ON k.owner = p.table_owner AND k.name = p.table_name
                                AND k.object_type = 'TABLE' AND k.column_position = 1
WHERE pt.partitioning_type = 'RANGE'
  AND pt.interval IS NULL
  AND u.oracle_maintained = 'N'
  AND p.table_name NOT LIKE 'BIN$%'
  AND p.partition_position = (SELECT MAX(q.partition_position) FROM dba_tab_partitions q
                              WHERE q.table_owner = p.table_owner AND q.table_name = p.table_name)
  AND ROWNUM <= 500
