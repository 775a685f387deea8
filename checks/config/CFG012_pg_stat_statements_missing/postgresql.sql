-- Whether statement statistics are collected and readable in this database: pg_stat_statements in
-- shared_preload_libraries (its settings exist only once the library is loaded), what it tracks, and
-- the extension created in this database (its view is per database). One row per item.
-- pg_read_all_settings: shared_preload_libraries is hidden from roles without it.
SELECT name, setting
FROM pg_settings
WHERE name IN ('shared_preload_libraries', 'pg_stat_statements.track', 'pg_stat_statements.max')
UNION ALL
SELECT 'extension', coalesce((SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements'), '')
ORDER BY 1
