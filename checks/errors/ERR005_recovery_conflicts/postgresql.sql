-- Queries cancelled on this standby by recovery conflicts, per connectable database, cumulative since
-- the stats reset (or, never reset, since at least server start), averaged per day over at least a day.
SELECT d.datname                                                                    AS scope,
       d.conflicts,
       c.confl_snapshot,
       c.confl_lock,
       c.confl_bufferpin,
       c.confl_deadlock,
       c.confl_tablespace,
       coalesce(d.stats_reset, pg_postmaster_start_time())                          AS since,
       round((d.conflicts / greatest(extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())) / 86400, 1))::numeric, 2)
                                                                                    AS conflicts_per_day
FROM pg_stat_database d
JOIN pg_stat_database_conflicts c ON c.datid = d.datid
JOIN pg_database db ON db.oid = d.datid
WHERE db.datallowconn
ORDER BY d.conflicts DESC
