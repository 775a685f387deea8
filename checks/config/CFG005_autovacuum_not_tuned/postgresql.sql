-- The server-wide autovacuum settings, one row per setting (the expected_settings judge): autovacuum and
-- track_counts on (without the statistics autovacuum picks no table), the scale factors that decide when
-- a table is vacuumed / analyzed, and the cost delay that throttles each worker. Per-table overrides
-- (reloptions autovacuum_enabled = false) are OBJ042's. shown: as SHOW prints it; unit with a leading
-- space for the messages.
SELECT name, setting, coalesce(' ' || unit, '') AS unit, current_setting(name) AS shown, source
FROM pg_settings
WHERE name IN ('autovacuum', 'track_counts', 'autovacuum_vacuum_scale_factor', 'autovacuum_vacuum_threshold',
               'autovacuum_analyze_scale_factor', 'autovacuum_analyze_threshold', 'autovacuum_vacuum_cost_delay',
               'autovacuum_max_workers')
ORDER BY name
