-- What the server log records for a DBA, one row per setting (the expected_settings judge): slow
-- statements (log_min_duration_statement, ms; -1 off, 0 every statement), checkpoints, autovacuum runs
-- (log_autovacuum_min_duration, ms; -1 off), lock waits longer than deadlock_timeout, temporary files
-- (log_temp_files, kB; -1 off). PostgreSQL 15 turned log_checkpoints on and log_autovacuum_min_duration
-- to 10min by default; older servers need them set.
SELECT name, setting, coalesce(' ' || unit, '') AS unit, current_setting(name) AS shown, source
FROM pg_settings
WHERE name IN ('log_min_duration_statement', 'log_checkpoints', 'log_autovacuum_min_duration', 'log_lock_waits',
               'log_temp_files')
ORDER BY name
