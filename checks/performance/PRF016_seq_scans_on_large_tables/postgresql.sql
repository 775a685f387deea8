-- Sequential and index scans of the 100 tables with the most live rows (1,000 or more: the pg.tables snapshot's
-- set) of this database, cumulative since its counters started (the later of the database's stats_reset and
-- the last crash, ERR004's rule), with each table's live rows, size and number of indexes now. Over the window
-- seq_scan, seq_tup_read and idx_scan are the in-window increases of the pg.tables snapshots (kept for the
-- instance's own database).
WITH epoch AS (
    SELECT CASE WHEN k.started > pg_postmaster_start_time() + interval '5 seconds' THEN k.started
                WHEN k.started IS NOT NULL
                 AND least(a.stats_reset, b.stats_reset) > pg_postmaster_start_time() + interval '10 seconds'
                THEN pg_postmaster_start_time()
                ELSE least(a.stats_reset, b.stats_reset) END                      AS last_crash
    FROM pg_stat_archiver a, pg_stat_bgwriter b,
         (SELECT min(backend_start) AS started FROM pg_stat_activity WHERE backend_type = 'checkpointer') k
), top AS (
    SELECT * FROM pg_stat_user_tables WHERE n_live_tup >= 1000 ORDER BY n_live_tup DESC LIMIT 100
)
SELECT current_database()                                                           AS datname,
       t.schemaname || '.' || t.relname                                             AS table_name,
       t.seq_scan, t.seq_tup_read, coalesce(t.idx_scan, 0)                          AS idx_scan,
       t.n_live_tup,
       pg_relation_size(t.relid)                                                    AS size_bytes,
       (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.relid)                 AS indexes,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since,
       round((extract(epoch FROM now() - greatest(d.stats_reset, e.last_crash)) / 86400)::numeric, 6) AS days_since
FROM top t
CROSS JOIN epoch e
JOIN pg_stat_database d ON d.datname = current_database()
ORDER BY t.seq_tup_read DESC
