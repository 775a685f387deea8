-- Invalid indexes in this database (pg_index.indisvalid = false): left by a CREATE INDEX
-- CONCURRENTLY or REINDEX CONCURRENTLY that failed or was cancelled (a REINDEX leaves <name>_ccnew).
-- The planner never uses them, yet once indisready they are maintained on every write, and an
-- invalid UNIQUE index still rejects new duplicates while protecting nothing already stored.
-- An index being built right now is invalid too: ``building`` marks it — the index a
-- CREATE INDEX CONCURRENTLY reports in pg_stat_progress_create_index (rows of other users' sessions
-- need pg_read_all_stats), or one a REINDEX CONCURRENTLY holds its ShareUpdateExclusiveLock on (the
-- progress view names the old index there). Bounded: the 200 largest, with how many there are.
SELECT n.nspname                                              AS schema_name,
       ic.relname                                             AS index_name,
       tc.relname                                             AS table_name,
       x.indisunique                                          AS is_unique,
       x.indisready                                           AS is_ready,
       pg_relation_size(x.indexrelid)                         AS size_bytes,
       (EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = x.indexrelid)
        OR EXISTS (SELECT 1 FROM pg_locks l
                   WHERE l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                     AND l.relation = x.indexrelid AND l.mode = 'ShareUpdateExclusiveLock' AND l.granted
                     AND l.pid <> pg_backend_pid()))          AS building,
       count(*) OVER ()                                       AS total
FROM pg_index x
JOIN pg_class ic ON ic.oid = x.indexrelid
JOIN pg_class tc ON tc.oid = x.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE NOT x.indisvalid
  AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
ORDER BY (x.indisunique AND x.indisready) DESC, pg_relation_size(x.indexrelid) DESC, n.nspname, ic.relname
LIMIT 200
