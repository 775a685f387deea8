-- Autovacuum gauges (the whole instance: the workers running now, of autovacuum_max_workers, and the longest
-- one's run so far in seconds) and counters (how often autovacuum / autoanalyze ran on the tables of the database
-- this session is connected to), for PRF017. epoch: when that database's counters started (as pg.database).
-- longest_s leaves out anti-wraparound vacuums (hours by design, pg-perf-review S8): wraparound_longest_s.
WITH epoch AS (
    SELECT CASE WHEN k.started > pg_postmaster_start_time() + interval '5 seconds' THEN k.started
                WHEN k.started IS NOT NULL
                 AND least(a.stats_reset, b.stats_reset) > pg_postmaster_start_time() + interval '10 seconds'
                THEN pg_postmaster_start_time()
                ELSE least(a.stats_reset, b.stats_reset) END                      AS last_crash
    FROM pg_stat_archiver a, pg_stat_bgwriter b,
         (SELECT min(backend_start) AS started FROM pg_stat_activity WHERE backend_type = 'checkpointer') k
), w AS (
    SELECT count(*) AS workers,
           coalesce(round(extract(epoch FROM max(now() - xact_start) FILTER (WHERE NOT wrap))::numeric, 1), 0) AS longest_s,
           coalesce(round(extract(epoch FROM max(now() - xact_start) FILTER (WHERE wrap))::numeric, 1), 0) AS wrap_s
    FROM (SELECT xact_start, coalesce(query, '') LIKE '%(to prevent wraparound)%' AS wrap
          FROM pg_stat_activity WHERE backend_type = 'autovacuum worker') a
), t AS (
    SELECT coalesce(sum(autovacuum_count), 0) AS autovacuum_count, coalesce(sum(autoanalyze_count), 0) AS autoanalyze_count
    FROM pg_stat_user_tables
)
SELECT '(instance)'                                                                 AS object,
       greatest(d.stats_reset, e.last_crash)                                        AS epoch,
       jsonb_build_object('workers', w.workers, 'longest_s', w.longest_s, 'wraparound_longest_s', w.wrap_s,
                          'max_workers', current_setting('autovacuum_max_workers')::int,
                          'autovacuum_count', t.autovacuum_count, 'autoanalyze_count', t.autoanalyze_count) AS data
FROM w, t, epoch e
JOIN pg_stat_database d ON d.datname = current_database()
