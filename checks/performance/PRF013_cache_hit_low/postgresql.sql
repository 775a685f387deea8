-- Shared-buffer hits and reads per connectable database, cumulative since the counters started (the later of
-- the database's stats_reset and the last crash: ERR004's rule). A "read" is a block not found in shared_buffers
-- (it may still come from the OS page cache). Over the window: in-window increases of pg.database snapshots.
WITH epoch AS (
    SELECT CASE WHEN k.started > pg_postmaster_start_time() + interval '5 seconds' THEN k.started
                WHEN k.started IS NOT NULL
                 AND least(a.stats_reset, b.stats_reset) > pg_postmaster_start_time() + interval '10 seconds'
                THEN pg_postmaster_start_time()
                ELSE least(a.stats_reset, b.stats_reset) END                      AS last_crash
    FROM pg_stat_archiver a, pg_stat_bgwriter b,
         (SELECT min(backend_start) AS started FROM pg_stat_activity WHERE backend_type = 'checkpointer') k
)
SELECT d.datname                                                                    AS scope,
       d.blks_hit,
       d.blks_read,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since,
       round((extract(epoch FROM now() - greatest(d.stats_reset, e.last_crash)) / 86400)::numeric, 6) AS days_since,
       current_setting('shared_buffers')                                            AS shared_buffers
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
CROSS JOIN epoch e
WHERE db.datallowconn
ORDER BY d.blks_read DESC
