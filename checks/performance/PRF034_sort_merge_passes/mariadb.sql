-- Sorts (Sort_scan + Sort_range, as MySQLTuner counts them) against Sort_merge_passes, the passes a filesort
-- made through temporary files because sort_buffer_size was too small, since the server started, less this
-- monitoring session's own.
SELECT CAST(MAX(CASE WHEN g.variable_name = 'SORT_SCAN' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'SORT_SCAN' THEN s.variable_value END) AS SIGNED), 0) AS sorts,
       CAST(MAX(CASE WHEN g.variable_name = 'SORT_RANGE' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'SORT_RANGE' THEN s.variable_value END) AS SIGNED), 0) AS range_sorts,
       CAST(MAX(CASE WHEN g.variable_name = 'SORT_MERGE_PASSES' THEN g.variable_value END) AS SIGNED)
         - COALESCE(CAST(MAX(CASE WHEN g.variable_name = 'SORT_MERGE_PASSES' THEN s.variable_value END) AS SIGNED), 0) AS merge_passes,
       @@global.sort_buffer_size AS sort_buffer_size,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM information_schema.GLOBAL_STATUS g
LEFT JOIN information_schema.SESSION_STATUS s ON s.variable_name = g.variable_name
WHERE g.variable_name IN ('SORT_MERGE_PASSES', 'SORT_RANGE', 'SORT_SCAN', 'UPTIME')
