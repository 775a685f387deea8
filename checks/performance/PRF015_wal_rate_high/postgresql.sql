-- WAL generated (PostgreSQL 14+: pg_stat_wal): records, full-page images and bytes, cumulative since the view's
-- stats_reset (initdb, pg_stat_reset_shared('wal'), a crash). Over the window: in-window increases of the pg.wal
-- snapshots.
SELECT w.wal_records, w.wal_fpi, w.wal_bytes,
       w.stats_reset                                                                 AS counters_since,
       round((extract(epoch FROM now() - w.stats_reset) / 86400)::numeric, 6)        AS days_since,
       current_setting('full_page_writes')                                           AS full_page_writes,
       current_setting('wal_compression')                                            AS wal_compression,
       current_setting('checkpoint_timeout')                                         AS checkpoint_timeout
FROM pg_stat_wal w
