-- Temporary files written by queries that spilled past work_mem, per connectable database, cumulative
-- since the stats reset (or, never reset, since at least server start), averaged per day over at least a day.
SELECT d.datname                                                                    AS scope,
       d.temp_files,
       d.temp_bytes,
       coalesce(d.stats_reset, pg_postmaster_start_time())                          AS since,
       round((extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())) / 86400)::numeric, 2)
                                                                                    AS days_since,
       round((d.temp_bytes / 1048576.0
              / greatest(extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())) / 86400, 1))::numeric, 1)
                                                                                    AS temp_mb_per_day,
       current_setting('work_mem')                                                  AS work_mem
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
WHERE db.datallowconn
ORDER BY d.temp_bytes DESC
