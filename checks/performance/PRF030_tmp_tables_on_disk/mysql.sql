-- MySQL 8: temporary tables made on disk against all made, since the server started (Uptime), less this
-- monitoring session's own (performance_schema.session_status; readable without a grant, as global_status).
-- 8.0 counts internal temporary tables of the TempTable engine that overflow to disk in Created_tmp_disk_tables.
-- TempTable (internal_tmp_mem_storage_engine, the default) is capped by tmp_table_size per table (8.0.28+) and
-- temptable_max_ram for all; max_heap_table_size caps only the MEMORY engine's.
SELECT CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'CREATED_TMP_TABLES' THEN g.variable_value END) AS SIGNED)
         - CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'CREATED_TMP_TABLES' THEN s.variable_value END) AS SIGNED)      AS tmp_tables,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'CREATED_TMP_DISK_TABLES' THEN g.variable_value END) AS SIGNED)
         - CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'CREATED_TMP_DISK_TABLES' THEN s.variable_value END) AS SIGNED) AS tmp_disk_tables,
       @@global.tmp_table_size                                                                              AS tmp_table_size,
       @@global.max_heap_table_size                                                                         AS max_heap_table_size,
       @@global.internal_tmp_mem_storage_engine                                                             AS tmp_mem_engine,
       @@global.temptable_max_ram                                                                           AS temptable_max_ram,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND
                                                                                                            AS counters_since,
       ROUND(MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM performance_schema.global_status g
LEFT JOIN performance_schema.session_status s ON s.variable_name = g.variable_name
WHERE UPPER(g.variable_name) IN ('CREATED_TMP_TABLES', 'CREATED_TMP_DISK_TABLES', 'UPTIME')
