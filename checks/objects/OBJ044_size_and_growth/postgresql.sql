-- The size of this database now (pg_database_size) and of its 20 largest tables by their total size
-- with indexes and TOAST (pg_total_relation_size, split into the table — heap, TOAST, free space and
-- visibility maps: pg_table_size — and its indexes: pg_indexes_size). Measuring a relation stats its
-- files, so on a large catalog the tables are first ranked by the pages pg_class recorded for them,
-- their TOAST and their indexes at the last VACUUM / ANALYZE, and only the 100 largest are measured:
-- a table that grew large since its last ANALYZE can be missed until autovacuum analyzes it.
-- The state at inspection time only: growth over the window needs sizes stored at earlier
-- inspections, which the sampler (issue #8) collects — this check reads none. Tables and
-- materialized views outside the system schemas; a partition is a table of its own (parent names
-- its partitioned table). Sizes need no privilege beyond connecting. Rows: the database, then the tables.
WITH idx_pages AS (
    SELECT i.indrelid, sum(ic.relpages) AS pages
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    GROUP BY i.indrelid
),
rel AS MATERIALIZED (
    SELECT c.oid, n.nspname AS schema_name, c.relname AS table_name,
           c.relpages + coalesce(t.relpages, 0) + coalesce(ip.pages, 0) AS recorded_pages
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
    LEFT JOIN idx_pages ip ON ip.indrelid = c.oid
    WHERE c.relkind IN ('r', 'm')
      AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
),
measured AS MATERIALIZED (
    SELECT cand.*, pg_total_relation_size(cand.oid) AS total_bytes
    FROM (SELECT * FROM rel ORDER BY recorded_pages DESC, oid LIMIT 100) cand
),
top AS (
    SELECT * FROM measured ORDER BY total_bytes DESC, schema_name, table_name LIMIT 20
),
db AS (
    SELECT pg_database_size(current_database()) AS database_bytes,
           (SELECT count(*) FROM rel)            AS tables
)
SELECT 'database'::text                                   AS kind,
       current_database()::text                           AS object,
       NULL::text                                         AS schema_name,
       current_database()::text                           AS object_name,
       NULL::text                                         AS parent,
       db.database_bytes                                  AS total_bytes,
       NULL::bigint                                       AS table_bytes,
       NULL::bigint                                       AS index_bytes,
       NULL::bigint                                       AS live_rows,
       100.0                                              AS database_pct,
       db.database_bytes, db.tables
FROM db
UNION ALL
SELECT 'table', format('%I.%I', t.schema_name, t.table_name), t.schema_name::text, t.table_name::text,
       (SELECT format('%I.%I', pn.nspname, pc.relname) FROM pg_inherits i
          JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE i.inhrelid = t.oid AND pc.relkind = 'p' LIMIT 1),
       t.total_bytes,
       pg_table_size(t.oid),
       pg_indexes_size(t.oid),
       pg_stat_get_live_tuples(t.oid),
       round(100.0 * t.total_bytes / nullif(db.database_bytes, 0), 1),
       db.database_bytes, db.tables
FROM top t
CROSS JOIN db
ORDER BY kind, total_bytes DESC
