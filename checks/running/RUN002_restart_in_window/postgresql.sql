-- When the postmaster started, and whether the server went through crash recovery since then.
-- A backend that dies abnormally (kill -9, a segfault, the OOM killer) makes the postmaster end every
-- session and reinitialise without restarting: pg_postmaster_start_time() stays the same, but the
-- shared statistics are discarded and pg_stat_archiver and pg_stat_bgwriter get one and the same
-- new stats_reset. A clean restart keeps the statistics (stats_reset stays before the start); a reset
-- by hand (pg_stat_reset_shared) resets one view at a time, each with its own timestamp.
-- (PostgreSQL 14 and older may also set them just after the very first start of a new cluster.)
-- The window is half-open: [window_start, window_end).
WITH s AS (
    SELECT pg_postmaster_start_time()                                        AS started_at,
           CASE WHEN a.stats_reset = b.stats_reset AND a.stats_reset > pg_postmaster_start_time()
                THEN a.stats_reset END                                       AS crashed_at
    FROM pg_stat_archiver a, pg_stat_bgwriter b
)
SELECT started_at,
       extract(epoch FROM now() - started_at)::bigint                        AS uptime_s,
       (started_at >= :window_start AND started_at < :window_end)            AS restarted_in_window,
       crashed_at,
       coalesce(crashed_at >= :window_start AND crashed_at < :window_end, false) AS crashed_in_window
FROM s
