-- PostgreSQL 17+: checkpoints in pg_stat_checkpointer, the bgwriter's cleaning in pg_stat_bgwriter, and
-- the buffers client backends wrote themselves in pg_stat_io (object 'relation'); cumulative since the latest
-- of the three views' resets (as the pg.bgwriter snapshot's epoch).
SELECT c.num_timed                                                                   AS checkpoints_timed,
       c.num_requested                                                               AS checkpoints_req,
       c.buffers_written                                                             AS buffers_checkpoint,
       b.buffers_clean,
       io.backend_writes                                                             AS buffers_backend,
       c.write_time                                                                  AS checkpoint_write_time,
       c.sync_time                                                                   AS checkpoint_sync_time,
       greatest(b.stats_reset, c.stats_reset, io.stats_reset)                        AS counters_since,
       round((extract(epoch FROM now() - greatest(b.stats_reset, c.stats_reset, io.stats_reset)) / 86400)::numeric, 6)
                                                                                     AS days_since,
       current_setting('max_wal_size')                                               AS max_wal_size,
       current_setting('checkpoint_timeout')                                         AS checkpoint_timeout
FROM pg_stat_bgwriter b, pg_stat_checkpointer c,
     (SELECT coalesce(sum(writes) FILTER (WHERE backend_type = 'client backend' AND object = 'relation'), 0) AS backend_writes,
             max(stats_reset) AS stats_reset
      FROM pg_stat_io) io
