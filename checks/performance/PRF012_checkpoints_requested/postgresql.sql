-- Checkpoints and buffer writes (PostgreSQL 10-16: pg_stat_bgwriter), cumulative since the view's
-- stats_reset (initdb, pg_stat_reset_shared('bgwriter'), a crash). Over the window the counters are the
-- in-window increases of the pg.bgwriter snapshots.
SELECT b.checkpoints_timed, b.checkpoints_req, b.buffers_checkpoint, b.buffers_clean, b.buffers_backend,
       b.checkpoint_write_time, b.checkpoint_sync_time,
       b.stats_reset                                                                 AS counters_since,
       round((extract(epoch FROM now() - b.stats_reset) / 86400)::numeric, 6)        AS days_since,
       current_setting('max_wal_size')                                               AS max_wal_size,
       current_setting('checkpoint_timeout')                                         AS checkpoint_timeout
FROM pg_stat_bgwriter b
