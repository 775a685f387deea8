-- Deadlocks per connectable database, cumulative since the counters started. They survive clean
-- restarts (PG15+: pg_stat_database.stats_reset stays NULL until someone resets) and are discarded
-- by a crash, which resets the shared stats of pg_stat_archiver / pg_stat_bgwriter too (set at
-- initdb and at every crash): counters_since = the later of the database's own reset and the
-- earlier of those two (a database created later started later: the rate is then a lower bound).
-- days_since feeds the judge's per-day rate (floored at the min_days guard, not extrapolated).
WITH epoch AS (
    SELECT least((SELECT stats_reset FROM pg_stat_archiver), (SELECT stats_reset FROM pg_stat_bgwriter)) AS last_crash
)
SELECT d.datname                                                                    AS scope,
       d.deadlocks,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since,
       round((extract(epoch FROM now() - greatest(d.stats_reset, e.last_crash)) / 86400)::numeric, 4) AS days_since,
       true                                                                         AS counter_enabled
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
CROSS JOIN epoch e
WHERE db.datallowconn
ORDER BY d.deadlocks DESC
