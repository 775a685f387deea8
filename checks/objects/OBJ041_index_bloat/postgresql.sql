-- Estimated bloat of every valid B-tree index in this database, from the planner's statistics: the
-- leaf pages its entries would fill (the index's pg_class.reltuples; per key and INCLUDE column
-- pg_stats null_frac and avg_width — the table's column, or the index's own for an expression)
-- against the pages it has (pg_class.relpages), both as of the last VACUUM / ANALYZE / CREATE INDEX.
-- An entry takes a 4-byte line pointer, an 8-byte IndexTupleData header (plus a 4-byte null bitmap
-- when a column holds NULLs) and its data, each MAXALIGN-padded; a page keeps a 24-byte header, 16
-- bytes of B-tree special space and the fillfactor's share free (default 90); one metapage. This is
-- the statistical model of ioguix/pgsql-bloat-estimation, used by postgres-checkup F005: an estimate,
-- never a measurement. Inner pages are not counted, and PostgreSQL 13+ deduplication stores equal
-- keys once, so an index of repeated keys is estimated larger than it needs — less bloat, never more.
--
-- pg_stats shows a column's statistics only to a user who may SELECT it (pg_read_all_data) and hides
-- a table under row-level security from users it applies to: such indexes, indexes of tables never
-- analyzed, and indexes with a `name` column (its statistics do not match its storage) come back
-- unestimated, stats_status saying why. System schemas and invalid indexes (a failed CREATE INDEX
-- CONCURRENTLY) are left out. Rows: the largest estimated bloat first, at most 200, each carrying the
-- database's totals.
WITH const AS MATERIALIZED (
    SELECT current_setting('block_size')::numeric AS bs,
           CASE WHEN version() ~ '64-bit|x86_64|aarch64|ppc64|s390x|amd64|mingw32' THEN 8.0 ELSE 4.0 END AS ma
),
idx AS MATERIALIZED (
    SELECT ic.oid,
           i.indrelid,
           i.indkey,
           n.nspname                                                        AS schema_name,
           ic.relname                                                       AS index_name,
           tc.relname                                                       AS table_name,
           ic.reltuples::numeric                                            AS reltuples,
           ic.relpages::numeric                                             AS pages,
           coalesce((SELECT o.option_value::int FROM pg_options_to_table(ic.reloptions) o
                     WHERE o.option_name = 'fillfactor'), 90)              AS fillfactor,
           has_table_privilege(tc.oid, 'SELECT') AND NOT row_security_active(tc.oid) AS visible
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class tc ON tc.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = ic.relnamespace
    JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
    WHERE i.indisvalid
      AND tc.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
),
key AS (   -- one row per index column: a table column, or (attnum 0) an expression with the index's own statistics
    SELECT idx.oid,
           a.attname,
           a.atttypid,
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
           sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0))::numeric AS data_width
    FROM key
    JOIN idx ON idx.oid = key.oid
    LEFT JOIN pg_stats s ON s.schemaname = idx.schema_name AND s.tablename = key.stats_rel
                        AND s.attname = key.attname AND NOT s.inherited
    GROUP BY key.oid
),
judged AS (
    SELECT idx.*, k.bs,
           CASE WHEN NOT idx.visible                      THEN 'hidden'
                WHEN coalesce(col.has_name, false)        THEN 'name_type'
                WHEN idx.reltuples < 0                    THEN 'never_analyzed'
                WHEN idx.reltuples = 0                    THEN 'estimated'
                WHEN coalesce(col.with_stats, 0) = 0      THEN 'never_analyzed'
                WHEN col.with_stats < col.columns         THEN 'partial_stats'
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
       count(*) FILTER (WHERE stats_status = 'hidden') OVER ()              AS hidden,
       (sum(pages * bs) FILTER (WHERE expected_pages IS NOT NULL) OVER ())::bigint AS db_size_bytes,
       (sum(greatest(pages - expected_pages, 0) * bs) OVER ())::bigint     AS db_bloat_bytes,
       round(100 * sum(greatest(pages - expected_pages, 0)) OVER ()
             / nullif(sum(pages) FILTER (WHERE expected_pages IS NOT NULL) OVER (), 0), 1) AS db_bloat_pct
FROM est
ORDER BY greatest(pages - expected_pages, 0) DESC NULLS LAST, schema_name, index_name
LIMIT 200
