-- Tables without a primary key (pg-healthcheck G06-010, catalog PG-OBJ-09): ordinary and partitioned
-- tables, not partitions (they follow their parent), not temporary, not an extension's. A table in
-- a publication that replicates UPDATE or DELETE cannot run them without a replica identity
-- (ERROR: cannot update table … because it does not have a replica identity and publishes
-- updates): ``published`` and ``replica_identity`` ('d' default = the primary key, 'n' nothing,
-- 'i' an index, 'f' full) say whether that applies. ``candidate_key`` names a unique, non-partial,
-- plain-column index whose columns are all NOT NULL, which could become the key (ADD PRIMARY KEY
-- USING INDEX). Bounded: the 200 largest by pg_class.relpages (no file opened for the ones cut),
-- shown with their real size, with how many there are.
WITH published AS MATERIALIZED (  -- once, not per table: a FOR ALL TABLES publication lists every table
    SELECT DISTINCT pt.schemaname, pt.tablename
    FROM pg_publication_tables pt JOIN pg_publication pb ON pb.pubname = pt.pubname
    WHERE pb.pubupdate OR pb.pubdelete
),
keyless AS (
    SELECT c.oid, n.nspname AS schema_name, c.relname AS table_name, c.relkind, c.reltuples, c.relreplident,
           pub.tablename IS NOT NULL AS published,
           CASE WHEN c.relkind = 'p'
                THEN (SELECT coalesce(sum(pc.relpages), 0) FROM pg_partition_tree(c.oid) p JOIN pg_class pc ON pc.oid = p.relid)
                ELSE c.relpages END AS pages
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN published pub ON pub.schemaname = n.nspname AND pub.tablename = c.relname
    WHERE c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
),
shown AS (  -- the worst first: published without a replica identity, then the largest by relpages
    SELECT k.*, count(*) OVER () AS total
    FROM keyless k
    ORDER BY (k.published AND k.relreplident IN ('d', 'n')) DESC, k.pages DESC, k.schema_name, k.table_name
    LIMIT 200
)
SELECT s.schema_name,
       s.table_name,
       CASE WHEN s.relkind = 'p'
            THEN (SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0) FROM pg_partition_tree(s.oid) p)
            ELSE pg_total_relation_size(s.oid) END            AS size_bytes,
       s.reltuples::bigint                                   AS est_rows,
       s.relreplident                                        AS replica_identity,
       s.published,
       (SELECT ic.relname
        FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE x.indrelid = s.oid AND x.indisunique AND x.indisvalid AND x.indpred IS NULL AND x.indexprs IS NULL
          AND x.indnkeyatts = x.indnatts
          AND NOT EXISTS (SELECT 1 FROM unnest(x.indkey::int2[]) k(attnum)
                          JOIN pg_attribute a ON a.attrelid = s.oid AND a.attnum = k.attnum
                          WHERE NOT a.attnotnull)
        ORDER BY x.indnatts, ic.relname LIMIT 1)             AS candidate_key,
       s.total
FROM shown s
ORDER BY (s.published AND s.relreplident IN ('d', 'n')) DESC, size_bytes DESC, s.schema_name, s.table_name
