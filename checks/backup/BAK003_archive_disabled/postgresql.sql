-- Is WAL archiving configured on this primary? The archive_command text itself is not returned
-- (it can carry credentials); only whether one is set. archive_library exists from PG 15 on.
SELECT current_setting('archive_mode')                                            AS archive_mode,
       current_setting('archive_command') NOT IN ('', '(disabled)')                AS archive_command_set,
       coalesce(current_setting('archive_library', true), '')                      AS archive_library,
       current_setting('wal_level')                                                AS wal_level
