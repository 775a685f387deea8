-- What the server writes down about who connected and what they did: log_connections /
-- log_disconnections (PostgreSQL 18 makes log_connections a list: receipt, authentication,
-- authorization, setup_durations, all), log_statement, and pgaudit — loaded through
-- shared_preload_libraries, with pgaudit.log naming the classes it logs (the setting exists only
-- once the library is loaded). The pgaudit extension row is for this (the inventory's) database:
-- CREATE EXTENSION pgaudit installs the event triggers that log the objects DDL creates and drops.
-- log_line_prefix (with log_destination): what each stderr log line says — time, user, database,
-- client, process (csvlog / jsonlog carry every field whatever the prefix).
-- pg_read_all_settings: shared_preload_libraries is hidden from roles without it.
SELECT name, setting
FROM pg_settings
WHERE name IN ('log_connections', 'log_disconnections', 'log_statement', 'shared_preload_libraries',
               'pgaudit.log', 'logging_collector', 'log_destination', 'log_line_prefix')
UNION ALL
SELECT 'pgaudit extension', coalesce((SELECT extversion FROM pg_extension WHERE extname = 'pgaudit'), '')
ORDER BY 1
