-- Per-table scan and maintenance counters of the database this session is connected to (the instance's own
-- database: the sampler and each inspection connect there), for a bounded set: the 100 tables with the most
-- live rows, 1,000 or more (n_live_tup is kept by the statistics system: choosing them reads no table file;
-- pg_relation_size then stats the 100 chosen only). object: database.schema.table, as PRF016 names a table.
-- epoch: when the database's counters started (the later of its stats_reset and the last crash, as
-- pg.database); a table's own reset (pg_stat_reset_single_table_counters) has no time and shows as a drop.
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
SELECT current_database() || '.' || t.schemaname || '.' || t.relname                AS object,
       greatest(d.stats_reset, e.last_crash)                                        AS epoch,
       jsonb_build_object('seq_scan', t.seq_scan, 'seq_tup_read', t.seq_tup_read,
                          'idx_scan', coalesce(t.idx_scan, 0), 'idx_tup_fetch', coalesce(t.idx_tup_fetch, 0),
                          'n_live_tup', t.n_live_tup, 'n_dead_tup', t.n_dead_tup,
                          'size_bytes', pg_relation_size(t.relid),
                          'autovacuum_count', t.autovacuum_count, 'autoanalyze_count', t.autoanalyze_count,
                          'vacuum_count', t.vacuum_count) AS data
FROM top t
CROSS JOIN epoch e
JOIN pg_stat_database d ON d.datname = current_database()
