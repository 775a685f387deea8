-- Checkpoint and background-writer counters (PostgreSQL 10-16: one view). stats_reset is set at initdb,
-- by pg_stat_reset_shared('bgwriter') and at every crash: the epoch of these counters.
SELECT '(instance)'                                                                 AS object,
       b.stats_reset                                                                AS epoch,
       to_jsonb(b) - 'stats_reset'                                                  AS data
FROM pg_stat_bgwriter b
