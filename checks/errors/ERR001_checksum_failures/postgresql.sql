-- Data-page checksum failures per database (PG12+). One row with NULL datname when there are none,
-- else one row per database with failures (the NULL-datname row of pg_stat_database = shared catalogs).
-- failed_in_window: the newest failure falls inside the half-open window [:window_start, :window_end).
-- since: when the counters start. They survive clean restarts (PG15+: pg_stat_database.stats_reset
-- stays NULL until someone resets) and are discarded by a crash, which also resets the shared stats
-- of pg_stat_archiver / pg_stat_bgwriter (set at initdb and at every crash): the later of the
-- database's own reset and the last crash (epoch, as in ERR002). (A database created later starts later.)
WITH epoch AS (
    -- A crash while the postmaster runs restarts the checkpointer: its backend_start (pg_read_all_stats) is
    -- then the crash. Else the earlier of the two shared resets (initdb, the last crash, or a start after an
    -- unclean shutdown, which discards the counters milliseconds after the start) unless that is later than
    -- 10 s after the start: a reset by hand then (from 17 on pg_stat_reset_shared() stamps every shared
    -- view at once), which leaves the database counters alone; they run at least since the start.
    -- With the checkpointer hidden (no pg_read_all_stats): the earlier of the two resets alone.
    SELECT CASE WHEN k.started > pg_postmaster_start_time() + interval '5 seconds' THEN k.started
                WHEN k.started IS NOT NULL
                 AND least(a.stats_reset, b.stats_reset) > pg_postmaster_start_time() + interval '10 seconds'
                THEN pg_postmaster_start_time()
                ELSE least(a.stats_reset, b.stats_reset) END                      AS last_crash
    FROM pg_stat_archiver a, pg_stat_bgwriter b,
         (SELECT min(backend_start) AS started FROM pg_stat_activity WHERE backend_type = 'checkpointer') k
)
SELECT coalesce(d.datname, CASE WHEN d.datid IS NOT NULL THEN '(shared catalogs)' END) AS datname,
       s.data_checksums,
       coalesce(d.checksum_failures, 0)                                             AS checksum_failures,
       d.checksum_last_failure,
       coalesce(d.checksum_last_failure >= :window_start
                AND d.checksum_last_failure < :window_end, false)                   AS failed_in_window,
       greatest(d.stats_reset, e.last_crash)                                        AS since
FROM (SELECT current_setting('data_checksums') AS data_checksums) s
CROSS JOIN epoch e
LEFT JOIN pg_stat_database d ON d.checksum_failures > 0
ORDER BY d.checksum_failures DESC NULLS LAST
