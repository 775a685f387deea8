-- PostgreSQL 17+: checkpoints moved to pg_stat_checkpointer (num_timed, num_requested, write_time,
-- sync_time, buffers_written …); the bgwriter's own counters stay in pg_stat_bgwriter, and what backends
-- write themselves is in pg_stat_io (buffers_backend is gone). Each view is reset on its own: the epoch is
-- the latest of the resets (a delta across any is a new segment). The checkpoint counters are also stored
-- under their 10-16 names (checkpoints_timed, checkpoints_req, buffers_checkpoint, checkpoint_write_time,
-- checkpoint_sync_time), and buffers_backend as the writes of client backends to relations in pg_stat_io,
-- so a window check reads one name on every version (PRF012).
SELECT '(instance)'                                                                 AS object,
       greatest(b.stats_reset, c.stats_reset, io.stats_reset)                       AS epoch,
       (to_jsonb(b) - 'stats_reset') || (to_jsonb(c) - 'stats_reset')
       || jsonb_build_object('checkpoints_timed', c.num_timed, 'checkpoints_req', c.num_requested,
                             'buffers_checkpoint', c.buffers_written, 'checkpoint_write_time', c.write_time,
                             'checkpoint_sync_time', c.sync_time, 'buffers_backend', io.backend_writes) AS data
FROM pg_stat_bgwriter b, pg_stat_checkpointer c,
     (SELECT coalesce(sum(writes) FILTER (WHERE backend_type = 'client backend' AND object = 'relation'), 0) AS backend_writes,
             max(stats_reset) AS stats_reset
      FROM pg_stat_io) io
