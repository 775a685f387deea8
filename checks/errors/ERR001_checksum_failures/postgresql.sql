-- Data-page checksum failures per database (PG12+). One row with NULL datname when there are none,
-- else one row per database with failures (the NULL-datname row of pg_stat_database = shared catalogs).
-- failed_in_window: the newest failure falls inside the inspection window.
SELECT coalesce(d.datname, CASE WHEN d.datid IS NOT NULL THEN '(shared catalogs)' END) AS datname,
       s.data_checksums,
       coalesce(d.checksum_failures, 0)                                             AS checksum_failures,
       d.checksum_last_failure,
       coalesce(d.checksum_last_failure >= :window_start
                AND d.checksum_last_failure < :window_end, false)                   AS failed_in_window,
       coalesce(d.stats_reset, pg_postmaster_start_time())                          AS since
FROM (SELECT current_setting('data_checksums') AS data_checksums) s
LEFT JOIN pg_stat_database d ON d.checksum_failures > 0
ORDER BY d.checksum_failures DESC NULLS LAST
