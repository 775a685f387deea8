-- Estimated bloat of every valid B-tree index in this database, from the planner's statistics: the
-- leaf pages its entries would fill (the index's pg_class.reltuples; per key and INCLUDE column
-- pg_stats null_frac and avg_width — the table's column, or the index's own for an expression)
-- against the pages it has (pg_class.relpages), both as of the last VACUUM / ANALYZE / CREATE INDEX.
-- An entry takes a 4-byte line pointer, an 8-byte IndexTupleData header (plus a 4-byte null bitmap
-- when a column holds NULLs) and its data, each MAXALIGN-padded; a page keeps a 24-byte header, 16
-- bytes of B-tree special space and the fillfactor's share free (default 90); one metapage. This is
-- the statistical model of ioguix/pgsql-bloat-estimation, used by postgres-checkup F005: an estimate,
-- never a measurement. Inner pages are not counted.
-- PostgreSQL 13+ deduplication stores equal keys once (one posting-list tuple per key value), so the
-- one-entry-per-row model overstates the size an index of repeated keys needs and would hide its
-- bloat: an index deduplication applies to (not unique, no INCLUDE columns, deduplicate_items not
-- off, no numeric / float / jsonb / container-type key) whose distinct keys — the product of its key
-- columns' pg_stats n_distinct, at most the rows — are fewer than half its entries is not estimated
-- (stats_status 'dedup'): at that point the model's error exceeds the roughness it is otherwise
-- trusted with (about 12 points on a narrow key).
--
-- pg_stats shows a column's statistics only to a user who may SELECT it (SELECT on the table, or
-- pg_read_all_data) and hides a table under row-level security from users it applies to (owners and
-- BYPASSRLS roles aside; pg_read_all_data does not bypass it): such indexes ('no_select', 'rls'),
-- indexes of tables never analyzed, and indexes with a `name` column (its statistics do not match
-- its storage) come back unestimated, stats_status saying why. System schemas, invalid indexes (a
-- failed CREATE INDEX CONCURRENTLY) and partitioned indexes (relkind I: no storage of their own;
-- each partition's index is listed) are left out. Rows: the largest estimated bloat first, at most 200, each carrying the
-- database's totals.
WITH const AS MATERIALIZED (
    SELECT current_setting('block_size')::numeric AS bs,
           CASE WHEN version() ~ '64-bit|x86_64|aarch64|ppc64|s390x|amd64|mingw32' THEN 8.0 ELSE 4.0 END AS ma
),
tab AS MATERIALIZED (  -- the tables with indexes, once each: the privilege and RLS probes per table, not per index
    SELECT tc.oid,
           tc.relname,
           n.nspname,
           tc.reltuples::numeric                                            AS table_rows,
           has_table_privilege(tc.oid, 'SELECT')                            AS can_select,
           row_security_active(tc.oid)                                      AS rls
    FROM pg_class tc
    JOIN pg_namespace n ON n.oid = tc.relnamespace  -- an index lives in its table's schema
    WHERE tc.relhasindex
      AND tc.relpersistence <> 't'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d  -- an extension's own tables are its to manage
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = tc.oid AND d.deptype = 'e')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
),
idx AS MATERIALIZED (
    SELECT ic.oid,
           i.indrelid,
           i.indkey,
           i.indnkeyatts,
           tab.nspname                                                      AS schema_name,
           ic.relname                                                       AS index_name,
           tab.relname                                                      AS table_name,
           ic.reltuples::numeric                                            AS reltuples,
           tab.table_rows,
           NOT i.indisunique AND i.indnkeyatts = i.indnatts
             AND (ic.reloptions IS NULL
                  OR coalesce((SELECT o.option_value FROM pg_options_to_table(ic.reloptions) o
                               WHERE o.option_name = 'deduplicate_items'), 'on') NOT IN ('off', 'false', 'no', '0'))
                                                                            AS dedup_kind,
           ic.relpages::numeric                                             AS pages,
           CASE WHEN ic.reloptions IS NULL THEN 90
                ELSE coalesce((SELECT o.option_value::int FROM pg_options_to_table(ic.reloptions) o
                               WHERE o.option_name = 'fillfactor'), 90) END AS fillfactor,
           tab.can_select,
           tab.rls
    FROM tab
    JOIN pg_index i ON i.indrelid = tab.oid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
    WHERE i.indisvalid
      AND ic.relkind = 'i'
),
key AS (   -- one row per index column: a table column, or (attnum 0) an expression with the index's own statistics
    SELECT idx.oid,
           idx.schema_name,
           idx.table_rows,
           a.attname,
           a.atttypid,
           k.pos <= idx.indnkeyatts                                         AS is_key,
           -- only an index estimated from its rows needs its columns' statistics: one never analyzed,
           -- empty (one page expected whatever its entries' width), unreadable or under RLS does not
           idx.reltuples > 0 AND idx.can_select AND NOT idx.rls             AS needs_stats,
           CASE WHEN k.attnum = 0 THEN idx.index_name ELSE idx.table_name END AS stats_rel
    FROM idx
    CROSS JOIN LATERAL unnest(idx.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos)
    CROSS JOIN LATERAL (SELECT pa.attname, pa.atttypid      -- looked up by (attrelid, attnum): an index probe per column
                        FROM pg_attribute pa
                        WHERE pa.attrelid = CASE WHEN k.attnum = 0 THEN idx.oid ELSE idx.indrelid END
                          AND pa.attnum = CASE WHEN k.attnum = 0 THEN k.pos::int2 ELSE k.attnum END
                        OFFSET 0) a
),
col AS (
    SELECT key.oid,
           count(*)                                                         AS columns,
           count(s.attname)                                                 AS with_stats,
           bool_or(key.atttypid = 'pg_catalog.name'::regtype)               AS has_name,
           bool_or(coalesce(s.null_frac, 0) > 0)                            AS has_nulls,
           sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0))::numeric AS data_width,
           -- distinct key values: the product of the key columns' (n_distinct < 0 is a share of the rows)
           least(max(key.table_rows), exp(sum(ln(greatest(1,
               CASE WHEN s.n_distinct < 0 THEN -s.n_distinct * greatest(key.table_rows, 1) ELSE s.n_distinct END)))
               FILTER (WHERE key.is_key)))                                 AS distinct_keys,
           bool_or(key.is_key AND (key.atttypid IN ('numeric'::regtype, 'float4'::regtype, 'float8'::regtype,
                                                    'jsonb'::regtype)
                                   OR t.typcategory IN ('A', 'C', 'R')))    AS no_dedup_type
    FROM key  -- (carrying the index's schema and rows: no second pass over idx)
    JOIN pg_type t ON t.oid = key.atttypid
    -- looked up per column (pg_class by name, pg_attribute by name, pg_statistic by key: index probes),
    -- never joined whole: the planner takes pg_stats for one row and would compare each column with
    -- every row of it (10,000 tables: 16 million comparisons, 3 s)
    LEFT JOIN LATERAL (SELECT ps.null_frac, ps.avg_width, ps.n_distinct, ps.attname
                       FROM pg_stats ps
                       WHERE ps.schemaname = key.schema_name AND ps.tablename = key.stats_rel
                         AND ps.attname = key.attname AND NOT ps.inherited AND key.needs_stats
                       OFFSET 0) s ON true
    GROUP BY key.oid
),
judged AS (
    SELECT idx.*, k.bs,
           CASE WHEN NOT idx.can_select                   THEN 'no_select'
                WHEN idx.rls                              THEN 'rls'
                WHEN coalesce(col.has_name, false)        THEN 'name_type'
                WHEN idx.reltuples < 0                    THEN 'never_analyzed'
                WHEN idx.reltuples = 0                    THEN 'estimated'
                WHEN coalesce(col.with_stats, 0) = 0      THEN 'never_analyzed'
                WHEN col.with_stats < col.columns         THEN 'partial_stats'
                WHEN idx.dedup_kind AND NOT coalesce(col.no_dedup_type, false)
                     AND col.distinct_keys < idx.reltuples / 2  THEN 'dedup'
                ELSE 'estimated' END                                        AS stats_status,
           -- bytes one entry takes: line pointer + padded header (+ null bitmap) + padded data
           4 + ceil((8 + CASE WHEN col.has_nulls THEN 4 ELSE 0 END) / k.ma) * k.ma
             + ceil(coalesce(col.data_width, 0) / k.ma) * k.ma               AS entry_bytes
    FROM idx
    CROSS JOIN const k
    LEFT JOIN col ON col.oid = idx.oid
),
est AS MATERIALIZED (
    SELECT j.*,
           CASE WHEN j.stats_status = 'estimated' THEN
               1 + ceil(j.reltuples / greatest(1, floor((j.bs - 24 - 16) * j.fillfactor / 100 / j.entry_bytes)))
           END                                                              AS expected_pages
    FROM judged j
)
SELECT schema_name,
       index_name,
       table_name,
       stats_status,
       (pages * bs)::bigint                                                 AS size_bytes,
       (expected_pages * bs)::bigint                                        AS expected_bytes,
       (greatest(pages - expected_pages, 0) * bs)::bigint                   AS bloat_bytes,
       CASE WHEN pages > 0 AND expected_pages IS NOT NULL
            THEN round(100 * greatest(pages - expected_pages, 0) / pages, 1) END AS bloat_pct,
       reltuples::bigint                                                    AS entries,
       fillfactor,
       count(*) OVER ()                                                     AS indexes,
       count(*) FILTER (WHERE stats_status <> 'estimated') OVER ()          AS not_estimated,
       count(*) FILTER (WHERE stats_status = 'rls') OVER ()                 AS hidden,
       count(*) FILTER (WHERE stats_status = 'no_select') OVER ()           AS no_select,
       count(*) FILTER (WHERE stats_status = 'dedup') OVER ()               AS dedup,
       (sum(pages * bs) FILTER (WHERE expected_pages IS NOT NULL) OVER ())::bigint AS db_size_bytes,
       (sum(greatest(pages - expected_pages, 0) * bs) OVER ())::bigint     AS db_bloat_bytes,
       round(100 * sum(greatest(pages - expected_pages, 0)) OVER ()
             / nullif(sum(pages) FILTER (WHERE expected_pages IS NOT NULL) OVER (), 0), 1) AS db_bloat_pct
FROM est
ORDER BY greatest(pages - expected_pages, 0) DESC NULLS LAST, schema_name, index_name
LIMIT 200
