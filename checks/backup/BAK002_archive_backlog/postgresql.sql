-- WAL segments waiting for the archiver: the .ready files in pg_wal/archive_status (pg_monitor, PG12+).
-- The backlog is judged in MB (files x wal_segment_size: 16 MB by default, anything from 1 MB to
-- 1 GB set at initdb) and by how long the oldest segment has waited (the recovery point it costs).
SELECT current_setting('archive_mode')                                                AS archive_mode,
       count(*) FILTER (WHERE s.name LIKE '%.ready')                                   AS ready_files,
       pg_size_bytes(current_setting('wal_segment_size'))                              AS wal_segment_bytes,
       round(count(*) FILTER (WHERE s.name LIKE '%.ready')
             * pg_size_bytes(current_setting('wal_segment_size')) / 1048576.0, 1)      AS ready_mb,
       min(s.modification) FILTER (WHERE s.name LIKE '%.ready')                        AS oldest_ready,
       round(extract(epoch FROM now() - min(s.modification) FILTER (WHERE s.name LIKE '%.ready')) / 60, 1)
                                                                                       AS oldest_ready_min
FROM pg_ls_archive_statusdir() s
