-- Settings changed in the configuration files (postgresql.conf, postgresql.auto.conf via ALTER SYSTEM)
-- and reloaded, but that only a restart applies (postmaster context: shared_buffers, max_connections,
-- wal_level, shared_preload_libraries …): pg_settings.pending_restart (PostgreSQL 9.5+). The server
-- keeps running with the old value, so the configuration on disk is not the one in force, and the next
-- restart (planned or not) changes behaviour. setting/unit: the value in force; shown: as SHOW prints it;
-- source/sourcefile: where the value in force came from (the pending one is in pg_file_settings, CFG002).
-- pg_read_all_settings: sourcefile/sourceline and some settings are hidden from roles without it.
SELECT name, setting, coalesce(unit, '') AS unit, current_setting(name) AS shown, context, source,
       coalesce(sourcefile, '') AS sourcefile, sourceline, pending_restart
FROM pg_settings
WHERE pending_restart
ORDER BY name
LIMIT 200
