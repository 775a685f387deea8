-- WAL archiver state from pg_stat_archiver (one row).
-- failing_now: the newest failure is later than the newest success (or nothing was ever archived).
-- failed_in_window: the newest failure falls inside the inspection window.
-- The counters are cumulative since stats_reset; the two timestamps are what the window can use.
SELECT current_setting('archive_mode')                                            AS archive_mode,
       a.archived_count,
       a.failed_count,
       a.last_archived_wal,
       a.last_archived_time,
       a.last_failed_wal,
       a.last_failed_time,
       coalesce(a.last_failed_time > a.last_archived_time
                OR (a.last_failed_time IS NOT NULL AND a.last_archived_time IS NULL), false) AS failing_now,
       coalesce(a.last_failed_time >= :window_start
                AND a.last_failed_time < :window_end, false)                        AS failed_in_window,
       a.stats_reset
FROM pg_stat_archiver a
