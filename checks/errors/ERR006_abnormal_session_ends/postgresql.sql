-- Sessions that ended abnormally (PG14+): fatal errors, terminated by an operator, client vanished
-- without terminating (abandoned). Per connectable database, cumulative since the counters started:
-- the later of the database's own stats_reset and the last crash / initdb (the earlier of
-- pg_stat_archiver's and pg_stat_bgwriter's stats_reset; a crash resets both, a clean restart
-- neither). The judge turns the counts into shares of all sessions, above a minimum sample.
WITH epoch AS (
    SELECT least((SELECT stats_reset FROM pg_stat_archiver), (SELECT stats_reset FROM pg_stat_bgwriter)) AS last_crash
)
SELECT d.datname                                                                    AS scope,
       d.sessions,
       d.sessions_fatal,
       d.sessions_killed,
       d.sessions_abandoned,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
CROSS JOIN epoch e
WHERE db.datallowconn
ORDER BY d.sessions_fatal + d.sessions_killed DESC, d.sessions_abandoned DESC
