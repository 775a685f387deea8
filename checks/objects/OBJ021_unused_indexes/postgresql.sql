-- Indexes no scan has used (pg_stat_user_indexes.idx_scan = 0) since this database's counters
-- started: the later of its own stats_reset and the last crash / initdb (the earlier of
-- pg_stat_archiver's and pg_stat_bgwriter's stats_reset; a crash resets both, a clean restart
-- neither). Left out, because they are kept for a rule and not for reads: unique and primary-key
-- indexes, indexes behind a constraint (exclusion constraints), indexes whose leading columns are a
-- foreign key's (the FK's checks on deletes of the referenced rows need them even when none ran
-- yet), and invalid indexes (OBJ020). The size floor and the minimum age of the counters are the
-- judge's (guards). Bounded: the 200 largest, with how many there are and their total size; one
-- row with no index when there is none, so the counters' start is always known. ``instrumented``:
-- track_counts is on (without it idx_scan never moves).
WITH epoch AS (
    SELECT greatest((SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()),
                    least((SELECT stats_reset FROM pg_stat_archiver), (SELECT stats_reset FROM pg_stat_bgwriter)))
           AS counters_since
),
unused AS (
    SELECT s.schemaname                         AS schema_name,
           s.indexrelname                       AS index_name,
           s.relname                            AS table_name,
           pg_relation_size(s.indexrelid)       AS size_bytes,
           s.idx_scan                           AS idx_scan,
           pg_get_indexdef(s.indexrelid)        AS definition
    FROM pg_stat_user_indexes s
    JOIN pg_index x ON x.indexrelid = s.indexrelid
    WHERE s.idx_scan = 0
      AND NOT x.indisunique
      AND x.indisvalid
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid AND c.contype IN ('p', 'u', 'x'))
      AND NOT EXISTS (SELECT 1 FROM pg_constraint f
                      WHERE f.contype = 'f' AND f.conrelid = x.indrelid
                        AND (x.indkey::int2[])[0:array_length(f.conkey, 1) - 1] @> f.conkey)
)
SELECT u.schema_name, u.index_name, u.table_name, u.size_bytes, u.idx_scan, u.definition,
       round((extract(epoch FROM now() - e.counters_since) / 86400)::numeric, 1)  AS counters_age_days,
       e.counters_since,
       count(u.index_name) OVER ()                                             AS total,
       coalesce(sum(u.size_bytes) OVER (), 0)                                  AS total_bytes,
       pg_database_size(current_database())                                    AS data_bytes,
       current_setting('track_counts')::bool                                   AS instrumented
FROM epoch e
LEFT JOIN unused u ON true
ORDER BY u.size_bytes DESC NULLS LAST, u.schema_name, u.index_name
LIMIT 200
