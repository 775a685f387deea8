-- Invalid indexes in this database (pg_index.indisvalid = false): left by a CREATE INDEX
-- CONCURRENTLY or REINDEX CONCURRENTLY that failed or was cancelled (a REINDEX leaves <name>_ccnew).
-- The planner never uses them, yet once indisready they are maintained on every write, and an
-- invalid UNIQUE index still rejects new duplicates while protecting nothing already stored.
-- An index being built right now is invalid too: ``building`` marks it — the index a
-- CREATE INDEX CONCURRENTLY reports in pg_stat_progress_create_index (rows of other users' sessions
-- need pg_read_all_stats), or one a REINDEX CONCURRENTLY holds its ShareUpdateExclusiveLock on (the
-- progress view names the old index there).
-- A partitioned index (relkind 'I': no storage of its own) is invalid by design while the
-- non-blocking build of one is under way — CREATE INDEX … ON ONLY parent, CREATE INDEX CONCURRENTLY
-- on each partition, ALTER INDEX … ATTACH PARTITION — and becomes valid when every partition has a
-- valid index attached: ``partitions`` counts the table's partitions that can hold one (not foreign
-- tables), ``missing_partitions`` those with no valid index attached to it, ``missing_names`` the
-- first five of them. Bounded: the 200 worst (unique and maintained first, then the largest), with
-- how many there are.
SELECT n.nspname                                              AS schema_name,
       ic.relname                                             AS index_name,
       tc.relname                                             AS table_name,
       ic.relkind::text                                       AS index_kind,
       x.indisunique                                          AS is_unique,
       x.indisready                                           AS is_ready,
       pg_relation_size(x.indexrelid)                         AS size_bytes,
       (EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = x.indexrelid)
        OR EXISTS (SELECT 1 FROM pg_locks l
                   WHERE l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                     AND l.relation = x.indexrelid AND l.mode = 'ShareUpdateExclusiveLock' AND l.granted
                     AND l.pid <> pg_backend_pid()))          AS building,
       CASE WHEN ic.relkind = 'I' THEN part.partitions END    AS partitions,
       CASE WHEN ic.relkind = 'I' THEN part.missing_partitions END AS missing_partitions,
       part.missing_names                                     AS missing_names,
       count(*) OVER ()                                       AS total
FROM pg_index x
JOIN pg_class ic ON ic.oid = x.indexrelid
JOIN pg_class tc ON tc.oid = x.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
LEFT JOIN LATERAL (
    SELECT count(*)                                           AS partitions,
           count(*) FILTER (WHERE NOT m.attached)             AS missing_partitions,
           (SELECT string_agg(format('%I.%I', pn.nspname, pc.relname), ', ' ORDER BY pn.nspname, pc.relname)
            FROM (SELECT h.inhrelid FROM pg_inherits h JOIN pg_class hc ON hc.oid = h.inhrelid
                  WHERE h.inhparent = x.indrelid AND hc.relkind IN ('r', 'p')
                    AND NOT EXISTS (SELECT 1 FROM pg_inherits ih JOIN pg_index ci ON ci.indexrelid = ih.inhrelid
                                    WHERE ih.inhparent = x.indexrelid AND ci.indrelid = h.inhrelid AND ci.indisvalid)
                  ORDER BY hc.relname LIMIT 5) miss
            JOIN pg_class pc ON pc.oid = miss.inhrelid
            JOIN pg_namespace pn ON pn.oid = pc.relnamespace) AS missing_names
    FROM (SELECT EXISTS (SELECT 1 FROM pg_inherits ih JOIN pg_index ci ON ci.indexrelid = ih.inhrelid
                         WHERE ih.inhparent = x.indexrelid AND ci.indrelid = h.inhrelid AND ci.indisvalid) AS attached
          FROM pg_inherits h JOIN pg_class hc ON hc.oid = h.inhrelid
          WHERE h.inhparent = x.indrelid AND hc.relkind IN ('r', 'p')) m
    WHERE ic.relkind = 'I'  -- an ordinary index (relkind 'i') gets NULLs
) part ON true
WHERE NOT x.indisvalid
  AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
ORDER BY (x.indisunique AND x.indisready AND ic.relkind = 'i') DESC, pg_relation_size(x.indexrelid) DESC, n.nspname, ic.relname
LIMIT 200
