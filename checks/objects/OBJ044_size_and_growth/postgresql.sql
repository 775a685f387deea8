-- The size of this database now (pg_database_size) and of its 20 largest tables by their total size
-- with indexes and TOAST (pg_total_relation_size, split into the table — heap, TOAST, free space and
-- visibility maps: pg_table_size — and its indexes: pg_indexes_size). Measuring a relation stats its
-- files, so on a large catalog the tables are first ranked by the pages pg_class recorded for them,
-- their TOAST and their indexes at the last VACUUM / ANALYZE, and only the 100 largest are measured:
-- a table that grew large since its last ANALYZE can be missed until autovacuum analyzes it.
-- The state at inspection time only: growth over the window would need per-table sizes stored at
-- earlier inspections, which no snapshot source keeps yet. Tables and materialized views outside
-- the system schemas; a partition is a table of its own (parent names its partitioned table), and a
-- partitioned table is one too, ranked and measured as the sum of its leaf partitions (its own
-- relation has no storage; ``partitions`` counts them), so a table split into many partitions is
-- seen at its real size. Sizes need no privilege beyond connecting. Rows: the database, then the tables.
WITH idx_pages AS (
    SELECT i.indrelid, sum(ic.relpages) AS pages
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    GROUP BY i.indrelid
),
own AS MATERIALIZED (
    SELECT c.oid, c.relkind, n.nspname AS schema_name, c.relname AS table_name,
           c.relpages + coalesce(t.relpages, 0) + coalesce(ip.pages, 0) AS recorded_pages
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
    LEFT JOIN idx_pages ip ON ip.indrelid = c.oid
    WHERE c.relkind IN ('r', 'm', 'p')
      AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
),
rel AS MATERIALIZED (  -- a partitioned table's recorded pages are its leaves'
    SELECT o.oid, o.relkind, o.schema_name, o.table_name,
           CASE WHEN o.relkind = 'p'
                THEN (SELECT coalesce(sum(l.recorded_pages), 0) FROM pg_partition_tree(o.oid) p
                      JOIN own l ON l.oid = p.relid WHERE p.isleaf)
                ELSE o.recorded_pages END AS recorded_pages
    FROM own o
),
measured AS MATERIALIZED (
    SELECT cand.*,
           CASE WHEN cand.relkind = 'p'
                THEN (SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0) FROM pg_partition_tree(cand.oid) p
                      WHERE p.isleaf)
                ELSE pg_total_relation_size(cand.oid) END AS total_bytes
    FROM (SELECT * FROM rel ORDER BY recorded_pages DESC, oid LIMIT 100) cand
),
top AS (
    SELECT * FROM measured ORDER BY total_bytes DESC, schema_name, table_name LIMIT 20
),
db AS (
    SELECT pg_database_size(current_database()) AS database_bytes,
           (SELECT count(*) FROM rel WHERE relkind <> 'p') AS tables
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
       NULL::bigint                                       AS partitions,
       db.database_bytes, db.tables
FROM db
UNION ALL
SELECT 'table', format('%I.%I', t.schema_name, t.table_name), t.schema_name::text, t.table_name::text,
       (SELECT format('%I.%I', pn.nspname, pc.relname) FROM pg_inherits i
          JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE i.inhrelid = t.oid AND pc.relkind = 'p' LIMIT 1),
       t.total_bytes,
       CASE WHEN t.relkind = 'p'
            THEN (SELECT sum(pg_table_size(p.relid)) FROM pg_partition_tree(t.oid) p WHERE p.isleaf)
            ELSE pg_table_size(t.oid) END::bigint,
       CASE WHEN t.relkind = 'p'
            THEN (SELECT sum(pg_indexes_size(p.relid)) FROM pg_partition_tree(t.oid) p WHERE p.isleaf)
            ELSE pg_indexes_size(t.oid) END::bigint,
       CASE WHEN t.relkind = 'p'
            THEN (SELECT sum(pg_stat_get_live_tuples(p.relid)) FROM pg_partition_tree(t.oid) p WHERE p.isleaf)
            ELSE pg_stat_get_live_tuples(t.oid) END::bigint,
       round(100.0 * t.total_bytes / nullif(db.database_bytes, 0), 1),
       CASE WHEN t.relkind = 'p'
            THEN (SELECT count(*) FROM pg_partition_tree(t.oid) p WHERE p.isleaf) END,
       db.database_bytes, db.tables
FROM top t
CROSS JOIN db
ORDER BY kind, total_bytes DESC
