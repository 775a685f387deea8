-- WAL segments waiting for the archiver: the .ready files in pg_wal/archive_status (pg_monitor, PG12+).
SELECT current_setting('archive_mode')                                              AS archive_mode,
       count(*) FILTER (WHERE s.name LIKE '%.ready')                                 AS ready_files,
       min(s.modification) FILTER (WHERE s.name LIKE '%.ready')                      AS oldest_ready,
       round(extract(epoch FROM now() - min(s.modification) FILTER (WHERE s.name LIKE '%.ready')) / 60) AS oldest_ready_min
FROM pg_ls_archive_statusdir() s
