-- Queries cancelled on this standby by recovery conflicts, per connectable database, cumulative
-- since the counters started: the later of the database's own stats_reset and the standby's last
-- crash / first start (the earlier of pg_stat_archiver's and pg_stat_bgwriter's stats_reset; a
-- crash resets both, a clean restart neither: PG15+ keeps counters across clean restarts).
-- days_since feeds the judge's per-day rate (floored at its min_days guard, not extrapolated).
-- PG16+: queries cancelled because a logical slot they used on the standby was invalidated
-- (confl_active_logicalslot, logical decoding on standbys arrived in 16).
WITH epoch AS (
    SELECT least((SELECT stats_reset FROM pg_stat_archiver), (SELECT stats_reset FROM pg_stat_bgwriter)) AS last_crash
)
SELECT d.datname                                                                    AS scope,
       d.conflicts,
       c.confl_snapshot,
       c.confl_lock,
       c.confl_bufferpin,
       c.confl_deadlock,
       c.confl_tablespace,
       c.confl_active_logicalslot,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since,
       round((extract(epoch FROM now() - greatest(d.stats_reset, e.last_crash)) / 86400)::numeric, 4) AS days_since
FROM pg_stat_database d
JOIN pg_stat_database_conflicts c ON c.datid = d.datid
JOIN pg_database db ON db.oid = d.datid
CROSS JOIN epoch e
WHERE db.datallowconn
ORDER BY d.conflicts DESC
