-- Temporary tables made on disk against all made, since the server started (Uptime; FLUSH STATUS was
-- measured not to zero Created_tmp_tables / Created_tmp_disk_tables on 10.11), less this monitoring
-- session's own: information_schema reads materialise temporary tables, some of them on disk (Aria).
-- MariaDB has no TempTable engine: tmp_mem_engine and temptable_max_ram are NULL (MySQL 8's columns).
SELECT CAST(MAX(CASE WHEN g.variable_name = 'CREATED_TMP_TABLES' THEN g.variable_value END) AS SIGNED)
         - CAST(MAX(CASE WHEN g.variable_name = 'CREATED_TMP_TABLES' THEN s.variable_value END) AS SIGNED)      AS tmp_tables,
       CAST(MAX(CASE WHEN g.variable_name = 'CREATED_TMP_DISK_TABLES' THEN g.variable_value END) AS SIGNED)
         - CAST(MAX(CASE WHEN g.variable_name = 'CREATED_TMP_DISK_TABLES' THEN s.variable_value END) AS SIGNED) AS tmp_disk_tables,
       @@global.tmp_table_size                                                                              AS tmp_table_size,
       @@global.max_heap_table_size                                                                         AS max_heap_table_size,
       NULL                                                                                                 AS tmp_mem_engine,
       NULL                                                                                                 AS temptable_max_ram,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND
                                                                                                            AS counters_since,
       ROUND(MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM information_schema.GLOBAL_STATUS g
LEFT JOIN information_schema.SESSION_STATUS s ON s.variable_name = g.variable_name
WHERE g.variable_name IN ('CREATED_TMP_TABLES', 'CREATED_TMP_DISK_TABLES', 'UPTIME')
