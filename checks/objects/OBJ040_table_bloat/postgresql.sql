-- Estimated heap bloat of every table and materialized view in this database, from the planner's
-- statistics: the pages its live rows would fill (pg_class.reltuples; per column pg_stats null_frac
-- and avg_width) against the pages it has (pg_class.relpages, heap + TOAST), both as of the table's
-- last VACUUM / ANALYZE. One row takes a 4-byte line pointer, a 23-byte header (plus a null bitmap
-- when a column holds NULLs) and its data, each MAXALIGN-padded; a page keeps its 24-byte header
-- and the fillfactor's share free; a TOAST page holds 4 chunks. This is the statistical model of
-- ioguix/pgsql-bloat-estimation, used by postgres-checkup F004: an estimate, never a measurement —
-- padding between columns counts as bloat, and values stored compressed or out of line are not seen.
--
-- pg_stats shows a column's statistics only to a user who may SELECT it (SELECT on the table, or
-- pg_read_all_data) and hides a table under row-level security from users it applies to (owners and
-- BYPASSRLS roles aside; pg_read_all_data does not bypass it): such tables ('no_select', 'rls'),
-- tables never analyzed,
-- tables with columns left without statistics and tables with a `name` column (its statistics do
-- not match its storage) come back unestimated, stats_status saying why. System schemas are left
-- out, and so are extension members. Rows: the largest estimated bloat first, at most 200, each carrying the database's totals.
WITH const AS MATERIALIZED (
    SELECT current_setting('block_size')::numeric AS bs,
           CASE WHEN version() ~ '64-bit|x86_64|aarch64|ppc64|s390x|amd64|mingw32' THEN 8.0 ELSE 4.0 END AS ma
),
rel AS MATERIALIZED (
    SELECT c.oid,
           n.nspname                                                        AS schema_name,
           c.relname                                                        AS table_name,
           c.reltuples::numeric                                             AS reltuples,
           c.relpages + coalesce(toast.relpages, 0)                         AS pages,
           coalesce(toast.reltuples, 0)::numeric                            AS toast_chunks,
           coalesce((SELECT o.option_value::int FROM pg_options_to_table(c.reloptions) o
                     WHERE o.option_name = 'fillfactor'), 100)             AS fillfactor,
           has_table_privilege(c.oid, 'SELECT')                            AS can_select,
           row_security_active(c.oid)                                      AS rls
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid
    WHERE c.relkind IN ('r', 'm')
      AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d  -- an extension's own tables are its to manage
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
),
col AS (
    SELECT a.attrelid                                                       AS oid,
           count(*)                                                         AS columns,
           count(s.attname)                                                 AS with_stats,
           bool_or(a.atttypid = 'pg_catalog.name'::regtype)                 AS has_name,
           bool_or(coalesce(s.null_frac, 0) > 0)                            AS has_nulls,
           sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0))::numeric AS data_width
    FROM rel
    JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_stats s ON s.schemaname = rel.schema_name AND s.tablename = rel.table_name
                        AND s.attname = a.attname AND NOT s.inherited
    GROUP BY a.attrelid
),
judged AS (
    SELECT rel.*, col.columns, col.with_stats, k.bs,
           CASE WHEN NOT rel.can_select                   THEN 'no_select'
                WHEN rel.rls                              THEN 'rls'
                WHEN coalesce(col.has_name, false)        THEN 'name_type'
                WHEN rel.reltuples < 0                    THEN 'never_analyzed'
                WHEN rel.reltuples = 0                    THEN 'estimated'
                WHEN coalesce(col.with_stats, 0) = 0      THEN 'never_analyzed'
                WHEN col.with_stats < col.columns         THEN 'partial_stats'
                ELSE 'estimated' END                                        AS stats_status,
           -- bytes one row takes: line pointer + padded header (+ null bitmap) + padded data
           4 + ceil((23 + CASE WHEN col.has_nulls THEN (col.columns + 7) / 8 ELSE 0 END) / k.ma) * k.ma
             + ceil(coalesce(col.data_width, 0) / k.ma) * k.ma               AS row_bytes
    FROM rel
    CROSS JOIN const k
    LEFT JOIN col ON col.oid = rel.oid
),
est AS MATERIALIZED (
    SELECT j.*,
           CASE WHEN j.stats_status = 'estimated' THEN
               ceil(j.reltuples / greatest(1, least(
                   floor((j.bs - 24 - j.bs * (100 - j.fillfactor) / 100) / j.row_bytes),  -- rows a page takes
                   floor((j.bs - 24) / 28))))                                             -- MaxHeapTuplesPerPage
               + ceil(j.toast_chunks / 4)
           END                                                              AS expected_pages
    FROM judged j
)
SELECT schema_name,
       table_name,
       stats_status,
       (pages * bs)::bigint                                                 AS size_bytes,
       (expected_pages * bs)::bigint                                        AS expected_bytes,
       (greatest(pages - expected_pages, 0) * bs)::bigint                   AS bloat_bytes,
       CASE WHEN pages > 0 AND expected_pages IS NOT NULL
            THEN round(100 * greatest(pages - expected_pages, 0) / pages, 1) END AS bloat_pct,
       reltuples::bigint                                                    AS live_rows,
       fillfactor,
       greatest(pg_stat_get_last_vacuum_time(oid), pg_stat_get_last_autovacuum_time(oid),
                pg_stat_get_last_analyze_time(oid), pg_stat_get_last_autoanalyze_time(oid)) AS stats_at,
       count(*) OVER ()                                                     AS tables,
       count(*) FILTER (WHERE stats_status <> 'estimated') OVER ()          AS not_estimated,
       count(*) FILTER (WHERE stats_status = 'rls') OVER ()                 AS hidden,
       count(*) FILTER (WHERE stats_status = 'no_select') OVER ()           AS no_select,
       (sum(pages * bs) FILTER (WHERE expected_pages IS NOT NULL) OVER ())::bigint AS db_size_bytes,
       (sum(greatest(pages - expected_pages, 0) * bs) OVER ())::bigint     AS db_bloat_bytes,
       round(100 * sum(greatest(pages - expected_pages, 0)) OVER ()
             / nullif(sum(pages) FILTER (WHERE expected_pages IS NOT NULL) OVER (), 0), 1) AS db_bloat_pct
FROM est
ORDER BY greatest(pages - expected_pages, 0) DESC NULLS LAST, schema_name, table_name
LIMIT 200
