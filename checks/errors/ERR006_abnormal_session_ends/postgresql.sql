-- Sessions that ended abnormally (PG14+): fatal errors, terminated by an operator, client vanished
-- without terminating. Per connectable database, cumulative since the stats reset (or, never reset,
-- since at least server start), averaged per day over at least a day.
SELECT d.datname                                                                    AS scope,
       d.sessions,
       d.sessions_fatal,
       d.sessions_killed,
       d.sessions_abandoned,
       d.sessions_fatal + d.sessions_killed + d.sessions_abandoned                  AS abnormal,
       coalesce(d.stats_reset, pg_postmaster_start_time())                          AS since,
       round(((d.sessions_fatal + d.sessions_killed + d.sessions_abandoned)
              / greatest(extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())) / 86400, 1))::numeric, 2)
                                                                                    AS abnormal_per_day
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
WHERE db.datallowconn
ORDER BY abnormal DESC
