-- Errors in the configuration files as the server parses them now (pg_file_settings reads
-- postgresql.conf, its includes and postgresql.auto.conf at query time): an unknown parameter, a line
-- that does not parse. A reload with such an error applies nothing from that file ("contains errors;
-- no changes were applied") and a restart stops with FATAL: the server does not come back.
-- A setting that only waits for a restart carries an error too ("setting could not be applied", in the
-- server's lc_messages language): it is pending_restart in pg_settings, CFG001's finding, left out here.
-- pg_file_settings and pg_show_all_file_settings() are superuser-only unless granted.
SELECT f.name, coalesce(f.setting, '') AS setting, f.sourcefile, f.sourceline, f.error
FROM pg_file_settings f
WHERE f.error IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM pg_settings s WHERE s.name = lower(f.name) AND s.pending_restart)
ORDER BY f.seqno
LIMIT 200
