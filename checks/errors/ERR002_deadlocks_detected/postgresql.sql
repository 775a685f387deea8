-- Deadlocks per connectable database, cumulative since the counters started. They survive clean
-- restarts (PG15+: pg_stat_database.stats_reset stays NULL until someone resets) and are discarded
-- by a crash, which resets the shared stats of pg_stat_archiver / pg_stat_bgwriter too (set at
-- initdb and at every crash): counters_since = the later of the database's own reset and the
-- earlier of those two (a database created later started later: the rate is then a lower bound).
-- days_since feeds the judge's per-day rate (floored at the min_days guard, not extrapolated).
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
