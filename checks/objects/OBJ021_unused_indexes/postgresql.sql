-- Indexes no scan has used (pg_stat_user_indexes.idx_scan = 0) since this database's counters
-- started: the later of its own stats_reset and the last crash / initdb (the earlier of
-- pg_stat_archiver's and pg_stat_bgwriter's stats_reset; a crash resets both, a clean restart
-- neither). Left out, because they are kept for a rule and not for reads: unique and primary-key
-- indexes, indexes behind a constraint (exclusion constraints), indexes whose leading columns are a
-- foreign key's (the FK's checks on deletes of the referenced rows need them even when none ran
-- yet), and invalid indexes (OBJ020). The size floor and the minimum age of the counters are the
-- judge's (guards). Bounded: the 200 largest by pg_class.relpages (the size the last VACUUM, ANALYZE
-- or build recorded: no file is opened for the ones cut), shown with their real size, with how many
-- there are and their total (and the database's) size from relpages; one
-- row with no index when there is none, so the counters' start is always known. ``instrumented``:
-- track_counts is on (without it idx_scan never moves).
-- A partition's index attached to a partitioned index cannot be dropped on its own (it goes with the
-- partitioned index), and an old partition's rightly shows no scans while the index is used on the
-- others: the leaves are rolled up to their partitioned index (pg_partition_root), which is listed
-- only when none of its partitions' indexes was scanned, with their total size and ``partitions``
-- (how many; NULL for an ordinary index). Other sessions' temporary tables and extension members'
-- indexes are left out (no one else can drop them).
WITH epoch AS (
    SELECT greatest((SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()),
                    least((SELECT stats_reset FROM pg_stat_archiver), (SELECT stats_reset FROM pg_stat_bgwriter)))
             AS counters_since,
           (SELECT sum(relpages)::numeric * current_setting('block_size')::int FROM pg_class) AS data_bytes,
           current_setting('track_counts')::bool   AS instrumented,
           NULL::text AS incomplete, NULL::numeric AS counted_pct  -- MySQL/MariaDB's coverage
),
constrained AS MATERIALIZED (  -- pg_constraint has no index on conindid: hashed once, not probed per index
    SELECT conindid FROM pg_constraint WHERE contype IN ('p', 'u', 'x')
),
rolled AS (  -- each index, or for a partition's attached index its partitioned (root) index
    SELECT CASE WHEN c.relispartition THEN pg_partition_root(s.indexrelid) ELSE s.indexrelid END AS indexrelid,
           c.relispartition                     AS leaf,
           s.idx_scan,
           c.relpages::numeric * current_setting('block_size')::int AS est_bytes
    FROM pg_stat_user_indexes s
    JOIN pg_class c ON c.oid = s.indexrelid
    WHERE s.schemaname !~ '^pg_(toast_)?temp_'
),
unused AS (
    SELECT n.nspname                            AS schema_name,
           ic.relname                           AS index_name,
           tc.relname                           AS table_name,
           r.indexrelid,
           sum(r.est_bytes)                     AS est_bytes,
           sum(r.idx_scan)                      AS idx_scan,
           CASE WHEN ic.relkind = 'I' THEN count(*) END AS partitions
    FROM rolled r
    JOIN pg_index x ON x.indexrelid = r.indexrelid
    JOIN pg_class ic ON ic.oid = r.indexrelid
    JOIN pg_class tc ON tc.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = ic.relnamespace
    WHERE NOT x.indisunique
      AND x.indisvalid
      AND r.indexrelid NOT IN (SELECT conindid FROM constrained)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint f
                      WHERE f.contype = 'f' AND f.conrelid = x.indrelid
                        AND (x.indkey::int2[])[0:array_length(f.conkey, 1) - 1] @> f.conkey)
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = x.indrelid AND d.deptype = 'e')
    GROUP BY n.nspname, ic.relname, tc.relname, r.indexrelid, ic.relkind
    HAVING sum(r.idx_scan) = 0
),
largest AS (
    SELECT u.*, count(*) OVER () AS total, sum(u.est_bytes) OVER () AS total_bytes
    FROM unused u
    ORDER BY u.est_bytes DESC, u.schema_name, u.index_name
    LIMIT 200
)
SELECT l.schema_name, l.index_name, l.table_name,
       CASE WHEN l.partitions IS NULL THEN pg_relation_size(l.indexrelid)
            ELSE (SELECT sum(pg_relation_size(p.relid)) FROM pg_partition_tree(l.indexrelid) p WHERE p.isleaf)
       END::bigint                                                              AS size_bytes,
       l.idx_scan, l.partitions,
       pg_get_indexdef(l.indexrelid)                                            AS definition,
       round((extract(epoch FROM now() - e.counters_since) / 86400)::numeric, 1) AS counters_age_days,
       e.counters_since,
       coalesce(l.total, 0)                                                     AS total,
       coalesce(l.total_bytes, 0)                                               AS total_bytes,
       e.data_bytes,
       e.instrumented, e.incomplete, e.counted_pct
FROM epoch e
LEFT JOIN largest l ON true
ORDER BY size_bytes DESC NULLS LAST, l.schema_name, l.index_name
