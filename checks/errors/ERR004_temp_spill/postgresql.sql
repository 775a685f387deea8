-- Temporary files written by queries that spilled past work_mem, per connectable database,
-- cumulative since the counters started: the later of the database's own stats_reset and the last
-- crash / initdb (the earlier of pg_stat_archiver's and pg_stat_bgwriter's stats_reset; a crash
-- resets both, a clean restart neither: PG15+ keeps counters across clean restarts).
-- days_since feeds the judge's per-day rate (floored at its min_days guard, not extrapolated).
WITH epoch AS (
    SELECT least((SELECT stats_reset FROM pg_stat_archiver), (SELECT stats_reset FROM pg_stat_bgwriter)) AS last_crash
)
SELECT d.datname                                                                    AS scope,
       d.temp_files,
       d.temp_bytes,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since,
       round((extract(epoch FROM now() - greatest(d.stats_reset, e.last_crash)) / 86400)::numeric, 4) AS days_since,
       current_setting('work_mem')                                                  AS work_mem
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
CROSS JOIN epoch e
WHERE db.datallowconn
ORDER BY d.temp_bytes DESC
