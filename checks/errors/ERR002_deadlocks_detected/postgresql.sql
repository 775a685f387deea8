-- Deadlocks per database, cumulative since the database's stats reset (or, never reset, since at least
-- server start: counters survive clean restarts). Averaged per day over at least one day, because
-- a delta over the window would need our own snapshots.
SELECT d.datname                                                                    AS scope,
       d.deadlocks,
       coalesce(d.stats_reset, pg_postmaster_start_time())                          AS since,
       round((extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())) / 86400)::numeric, 2)
                                                                                    AS days_since,
       round((d.deadlocks / greatest(extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())) / 86400, 1))::numeric, 2)
                                                                                    AS deadlocks_per_day
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
WHERE db.datallowconn
ORDER BY d.deadlocks DESC
