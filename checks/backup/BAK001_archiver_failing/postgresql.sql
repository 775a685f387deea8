-- WAL archiver state from pg_stat_archiver (one row). Runs only where archiving is on
-- (EngineSupport.requires "archiving": archive_mode on on a primary, always on a standby).
-- failing_now: the newest failure is later than the newest success (or nothing was ever archived).
-- failed_in_window: the newest failure falls inside the half-open window [:window_start, :window_end).
-- Limits, stated in the messages: pg_stat_archiver keeps only the NEWEST failure (time and segment),
-- so for a past window a later failure hides earlier ones inside it (failed_count still counts them);
-- and a crash or pg_stat_reset_shared('archiver') wipes it: reset_in_window says the record starts
-- inside the window, so failures before stats_reset are unknown.
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
       a.stats_reset,
       coalesce(a.stats_reset >= :window_start, false)                              AS reset_in_window
FROM pg_stat_archiver a
