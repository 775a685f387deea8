-- When the postmaster started, and whether the server went through crash recovery since then.
-- A backend that dies abnormally (kill -9, a segfault, the OOM killer) makes the postmaster end every
-- session and every auxiliary process and reinitialise without restarting: pg_postmaster_start_time()
-- stays the same, but a new checkpointer is started, so its backend_start (pg_stat_activity) is later
-- than the postmaster's. Nothing else restarts it; pg_stat_reset_shared() does not.
-- A start after an unclean shutdown (immediate stop, power loss) runs crash recovery as the server
-- comes up and discards the statistics then: pg_stat_archiver and pg_stat_bgwriter get one and the same
-- new stats_reset just after the start (PostgreSQL 14 and older also on the very first start of a new
-- cluster). A clean restart keeps the statistics (stats_reset stays before the start). That signal is
-- taken only within 10 seconds of the start (the startup process discards them within
-- milliseconds, measured), because from PostgreSQL 17 on pg_stat_reset_shared() without
-- an argument resets every shared statistic with one timestamp too, at any time.
-- Without pg_read_all_stats the checkpointer's row is hidden (backend_type NULL): then the equal
-- stats_reset later than the start is the only signal, and on 17+ a reset of all shared statistics reads
-- as a crash.
-- The window is half-open: [window_start, window_end).
WITH s AS (
    SELECT pg_postmaster_start_time()                                        AS started_at,
           (SELECT min(backend_start) FROM pg_stat_activity
            WHERE backend_type = 'checkpointer')                             AS checkpointer_start,
           CASE WHEN a.stats_reset = b.stats_reset THEN a.stats_reset END   AS shared_reset
    FROM pg_stat_archiver a, pg_stat_bgwriter b
), c AS (
    SELECT started_at,
           CASE WHEN checkpointer_start IS NULL
                THEN CASE WHEN shared_reset > started_at THEN shared_reset END
                WHEN checkpointer_start > started_at + interval '5 seconds'
                THEN checkpointer_start
                WHEN shared_reset > started_at AND shared_reset < started_at + interval '10 seconds'
                THEN shared_reset
           END                                                               AS crashed_at
    FROM s
)
SELECT started_at,
       extract(epoch FROM now() - started_at)::bigint                        AS uptime_s,
       (started_at >= :window_start AND started_at < :window_end)            AS restarted_in_window,
       crashed_at,
       coalesce(crashed_at >= :window_start AND crashed_at < :window_end, false) AS crashed_in_window
FROM c
