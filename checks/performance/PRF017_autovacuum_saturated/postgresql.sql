-- Autovacuum now: workers running of autovacuum_max_workers (the whole instance), the longest run so far and
-- what it vacuums (pg_stat_progress_vacuum: its database, table — named when in this database, else its oid —
-- and phase), and the autovacuum / autoanalyze runs on this database's tables since its counters started (the
-- later of its stats_reset and the last crash, ERR004's rule). Over the window peak_workers and peak_longest_s
-- are the highest of the pg.autovacuum snapshots inside it (peak_at: when) and the counts their increases.
-- An anti-wraparound vacuum ("autovacuum: VACUUM … (to prevent wraparound)") of a large table runs for hours by
-- design (pg-perf-review S8): it takes a worker (counted in workers) but is not the longest run rated; its own
-- longest run and count are wraparound_*, and the XID age it fixes is RUN010's.
WITH epoch AS (
    SELECT CASE WHEN k.started > pg_postmaster_start_time() + interval '5 seconds' THEN k.started
                WHEN k.started IS NOT NULL
                 AND least(a.stats_reset, b.stats_reset) > pg_postmaster_start_time() + interval '10 seconds'
                THEN pg_postmaster_start_time()
                ELSE least(a.stats_reset, b.stats_reset) END                      AS last_crash
    FROM pg_stat_archiver a, pg_stat_bgwriter b,
         (SELECT min(backend_start) AS started FROM pg_stat_activity WHERE backend_type = 'checkpointer') k
), w AS (
    SELECT a.pid, round(extract(epoch FROM now() - a.xact_start)::numeric, 1) AS run_s,
           p.datname || '.' || coalesce((SELECT c.relname FROM pg_class c WHERE c.oid = p.relid AND p.datname = current_database()),
                                        p.relid::text) AS vacuuming,
           p.phase, coalesce(a.query, '') LIKE '%(to prevent wraparound)%' AS wraparound
    FROM pg_stat_activity a
    LEFT JOIN pg_stat_progress_vacuum p ON p.pid = a.pid
    WHERE a.backend_type = 'autovacuum worker'
), t AS (
    SELECT coalesce(sum(autovacuum_count), 0) AS autovacuum_count, coalesce(sum(autoanalyze_count), 0) AS autoanalyze_count
    FROM pg_stat_user_tables
)
SELECT (SELECT count(*) FROM w)                                                     AS workers,
       current_setting('autovacuum_max_workers')::int                               AS max_workers,
       coalesce((SELECT max(run_s) FROM w WHERE NOT wraparound), 0)                 AS longest_s,
       (SELECT vacuuming || coalesce(' (' || phase || ')', '') FROM w WHERE NOT wraparound
        ORDER BY run_s DESC LIMIT 1)                                                AS longest_vacuum,
       (SELECT count(*) FROM w)                                                     AS peak_workers,
       coalesce((SELECT max(run_s) FROM w WHERE NOT wraparound), 0)                 AS peak_longest_s,
       (SELECT count(*) FROM w WHERE wraparound)                                    AS wraparound_workers,
       coalesce((SELECT max(run_s) FROM w WHERE wraparound), 0)                     AS wraparound_longest_s,
       NULL::text                                                                   AS peak_at,
       t.autovacuum_count, t.autoanalyze_count,
       current_database()                                                           AS datname,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since,
       round((extract(epoch FROM now() - greatest(d.stats_reset, e.last_crash)) / 86400)::numeric, 6) AS days_since,
       current_setting('autovacuum')                                                AS autovacuum
FROM t, epoch e
JOIN pg_stat_database d ON d.datname = current_database()
