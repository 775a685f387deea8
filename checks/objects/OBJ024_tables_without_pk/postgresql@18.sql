-- Tables without a primary key (pg-healthcheck G06-010, catalog PG-OBJ-09): ordinary and partitioned
-- tables, not partitions (they follow their parent), not temporary, not an extension's. A table in
-- a publication that replicates UPDATE or DELETE cannot run them without a replica identity
-- (ERROR: cannot update table … because it does not have a replica identity and publishes
-- updates): ``published`` and ``replica_identity`` ('d' default = the primary key, 'n' nothing,
-- 'i' an index, 'f' full) say whether that applies.
-- A partitioned table is published through its partitions: pg_publication_tables lists the leaf
-- partitions (publish_via_partition_root = false, the default) or the root (true), and either way an
-- UPDATE is refused on each leaf partition that has no replica identity of its own — the parent's
-- REPLICA IDENTITY does not reach them. For relkind 'p', ``published`` is whether the root or any leaf
-- is published, ``blocked_partitions`` how many published leaves have no replica identity (nothing,
-- or the default without a primary key of their own), ``blocked_names`` the first five, and
-- ``replica_identity`` the worst of theirs ('n' over 'd'; the root's own when none is blocked).
-- ``updates_refused``: UPDATE/DELETE fail now (an ordinary table published without a replica
-- identity; a partitioned one with a blocked leaf).
-- ``est_rows`` is the planner's estimate (a partitioned table's: the sum over its leaves), NULL when
-- never analysed (reltuples -1).
-- ``candidate_key`` names a unique, non-partial, plain-column index whose columns are all NOT NULL
-- and that sorts by the default opclass, ascending (what ADD PRIMARY KEY USING INDEX accepts) — for
-- an ordinary table only: USING INDEX is refused on a partitioned one. Bounded: the 200 largest by
-- pg_class.relpages (no file opened for the ones cut), shown with their real size, with how many
-- there are. PostgreSQL 18: a NOT NULL constraint can be NOT VALID (pg_constraint contype 'n'),
-- and an index on such a column is no candidate.
WITH published AS MATERIALIZED (  -- once, not per table: a FOR ALL TABLES publication lists every table
    SELECT DISTINCT pt.schemaname, pt.tablename
    FROM pg_publication_tables pt JOIN pg_publication pb ON pb.pubname = pt.pubname
    WHERE pb.pubupdate OR pb.pubdelete
),
keyless AS (
    SELECT c.oid, n.nspname AS schema_name, c.relname AS table_name, c.relkind, c.reltuples, c.relreplident,
           pub.tablename IS NOT NULL AS root_published,
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
leaves AS (  -- a partitioned table's leaf partitions: published, and without a replica identity
    SELECT k.oid,
           bool_or(k.root_published OR pub.tablename IS NOT NULL)           AS published,
           count(*) FILTER (WHERE (k.root_published OR pub.tablename IS NOT NULL) AND lc.relreplident IN ('d', 'n')
                              AND NOT EXISTS (SELECT 1 FROM pg_constraint lk WHERE lk.conrelid = lc.oid AND lk.contype = 'p'))
                                                                              AS blocked,
           bool_or((k.root_published OR pub.tablename IS NOT NULL) AND lc.relreplident = 'n') AS blocked_nothing,
           sum(lc.reltuples) FILTER (WHERE lc.reltuples >= 0)                AS est_rows
    FROM keyless k
    CROSS JOIN LATERAL pg_partition_tree(k.oid) t
    JOIN pg_class lc ON lc.oid = t.relid AND t.isleaf
    JOIN pg_namespace ln ON ln.oid = lc.relnamespace
    LEFT JOIN published pub ON pub.schemaname = ln.nspname AND pub.tablename = lc.relname
    WHERE k.relkind = 'p'
    GROUP BY k.oid
),
rated AS (
    SELECT k.*,
           CASE WHEN k.relkind = 'p' THEN coalesce(l.published, k.root_published) ELSE k.root_published END AS published,
           CASE WHEN l.blocked_nothing THEN 'n' WHEN l.blocked > 0 THEN 'd'
                ELSE k.relreplident END                                        AS replica_identity,
           l.blocked                                                           AS blocked_partitions,
           CASE WHEN k.relkind = 'p' THEN coalesce(l.blocked, 0) > 0  -- the root's own setting reaches no leaf
                ELSE k.root_published AND k.relreplident IN ('d', 'n') END    AS refused,
           CASE WHEN k.relkind = 'p' THEN l.est_rows ELSE nullif(k.reltuples, -1) END AS est_rows
    FROM keyless k
    LEFT JOIN leaves l ON l.oid = k.oid
),
shown AS (  -- the worst first: published without a replica identity, then the largest by relpages
    SELECT r.*, count(*) OVER () AS total
    FROM rated r
    ORDER BY r.refused DESC, r.pages DESC, r.schema_name, r.table_name
    LIMIT 200
)
SELECT s.schema_name,
       s.table_name,
       s.relkind::text                                       AS table_kind,
       CASE WHEN s.relkind = 'p'
            THEN (SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0) FROM pg_partition_tree(s.oid) p)
            ELSE pg_total_relation_size(s.oid) END            AS size_bytes,
       s.est_rows::bigint                                    AS est_rows,
       s.replica_identity::text                              AS replica_identity,
       s.published,
       s.refused                                             AS updates_refused,
       s.blocked_partitions,
       CASE WHEN s.blocked_partitions > 0 THEN
           (SELECT string_agg(format('%I.%I', b.nspname, b.relname), ', ' ORDER BY b.nspname, b.relname)
            FROM (SELECT ln.nspname, lc.relname
                  FROM pg_partition_tree(s.oid) t
                  JOIN pg_class lc ON lc.oid = t.relid AND t.isleaf
                  JOIN pg_namespace ln ON ln.oid = lc.relnamespace
                  WHERE lc.relreplident IN ('d', 'n')
                    AND NOT EXISTS (SELECT 1 FROM pg_constraint lk WHERE lk.conrelid = lc.oid AND lk.contype = 'p')
                    AND (s.root_published OR EXISTS (SELECT 1 FROM published pub
                                                     WHERE pub.schemaname = ln.nspname AND pub.tablename = lc.relname))
                  ORDER BY ln.nspname, lc.relname LIMIT 5) b) END AS blocked_names,
       CASE WHEN s.relkind = 'r' THEN
       (SELECT ic.relname
        FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE x.indrelid = s.oid AND x.indisunique AND x.indisvalid AND x.indpred IS NULL AND x.indexprs IS NULL
          AND x.indnkeyatts = x.indnatts AND NOT x.indisexclusion AND x.indimmediate
          AND NOT EXISTS (SELECT 1 FROM unnest(x.indkey::int2[]) k(attnum)
                          JOIN pg_attribute a ON a.attrelid = s.oid AND a.attnum = k.attnum
                          WHERE NOT a.attnotnull)
          -- 18: a NOT NULL … NOT VALID constraint sets attnotnull, yet ADD PRIMARY KEY USING INDEX refuses it
          AND NOT EXISTS (SELECT 1 FROM pg_constraint nn
                          WHERE nn.conrelid = s.oid AND nn.contype = 'n' AND NOT nn.convalidated
                            AND nn.conkey[1] = ANY (x.indkey::int2[]))
          AND NOT EXISTS (SELECT 1 FROM unnest(x.indoption::int2[]) o(opt) WHERE o.opt <> 0)  -- DESC / NULLS FIRST
          AND NOT EXISTS (SELECT 1 FROM unnest(x.indclass::oid[]) oc(opc)
                          JOIN pg_opclass opc ON opc.oid = oc.opc WHERE NOT opc.opcdefault)
        ORDER BY x.indnatts, ic.relname LIMIT 1) END          AS candidate_key,
       s.total
FROM shown s
ORDER BY s.refused DESC, size_bytes DESC, s.schema_name, s.table_name
