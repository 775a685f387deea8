-- PostgreSQL 17+: checkpoints moved to pg_stat_checkpointer (num_timed, num_requested, write_time,
-- sync_time, buffers_written …); the bgwriter's own counters stay in pg_stat_bgwriter. Each view is reset
-- on its own: the epoch is the later of the two resets (a delta across either is a new segment).
SELECT '(instance)'                                                                 AS object,
       greatest(b.stats_reset, c.stats_reset)                                       AS epoch,
       (to_jsonb(b) - 'stats_reset') || (to_jsonb(c) - 'stats_reset')               AS data
FROM pg_stat_bgwriter b, pg_stat_checkpointer c
