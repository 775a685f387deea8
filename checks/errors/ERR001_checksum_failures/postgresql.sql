-- Data-page checksum failures per database (PG12+). One row with NULL datname when there are none,
-- else one row per database with failures (the NULL-datname row of pg_stat_database = shared catalogs).
-- failed_in_window: the newest failure falls inside the half-open window [:window_start, :window_end).
-- since: when the counters start. They survive clean restarts (PG15+: pg_stat_database.stats_reset
-- stays NULL until someone resets) and are discarded by a crash, which also resets the shared stats
-- of pg_stat_archiver / pg_stat_bgwriter (set at initdb and at every crash): the later of the
-- database's own reset and the earlier of those two. (A database created later starts later.)
SELECT coalesce(d.datname, CASE WHEN d.datid IS NOT NULL THEN '(shared catalogs)' END) AS datname,
       s.data_checksums,
       coalesce(d.checksum_failures, 0)                                             AS checksum_failures,
       d.checksum_last_failure,
       coalesce(d.checksum_last_failure >= :window_start
                AND d.checksum_last_failure < :window_end, false)                   AS failed_in_window,
       greatest(d.stats_reset, least((SELECT stats_reset FROM pg_stat_archiver),
                                     (SELECT stats_reset FROM pg_stat_bgwriter)))   AS since
FROM (SELECT current_setting('data_checksums') AS data_checksums) s
LEFT JOIN pg_stat_database d ON d.checksum_failures > 0
ORDER BY d.checksum_failures DESC NULLS LAST
