-- Indexes another index of the same table makes redundant (PgHero duplicate_indexes, postgres-checkup
-- H004, MySQL's sys.schema_redundant_indexes rules), both valid, same access method, same predicate
-- and same expressions (compared as pg_get_expr text: the stored node trees carry parse locations):
--   duplicate: the same key columns, operator classes, collations, sort options and INCLUDE columns —
--              the redundant one is the non-unique one, else the one behind no constraint, else the
--              later name;
--   prefix:    a non-unique B-tree without INCLUDE columns whose keys lead a longer B-tree's keys (or
--              equal them, the other adding INCLUDE columns).
-- Never named redundant: a primary key, an index behind a constraint that the other is not behind,
-- an index a foreign key references (dropping it fails), and a unique index enforced immediately
-- beside a DEFERRABLE one (indimmediate: the deferrable one lets duplicates stand until commit). A
-- partition's index is compared through its partitioned index, which has no storage of its own: its
-- size is its partitions' indexes' (``partitioned`` true; dropped without CONCURRENTLY). Bounded: the 200 largest, with how many there are and their total size
-- (from pg_class.relpages: no file is opened for the ones cut).
WITH constrained AS MATERIALIZED (  -- pg_constraint has no index on conindid: hashed once, not probed per index
    SELECT conindid, bool_or(contype IN ('p', 'u', 'x')) AS backs, bool_or(contype = 'f') AS referenced,
           min(conname) FILTER (WHERE contype IN ('u', 'x')) AS unique_name  -- the one it backs
    FROM pg_constraint WHERE conindid <> 0 GROUP BY conindid
),
ix AS MATERIALIZED (
    SELECT x.indexrelid, x.indrelid, x.indisunique, x.indisprimary, x.indnkeyatts, x.indnatts, x.indimmediate,
           x.indkey::int2[]        AS keys,
           x.indclass::oid[]       AS classes,
           x.indcollation::oid[]   AS colls,
           x.indoption::int2[]     AS opts,
           pg_get_expr(x.indexprs, x.indrelid) AS exprs,
           pg_get_expr(x.indpred, x.indrelid)  AS pred,
           c.relam,
           c.relname,
           CASE WHEN c.relkind = 'I'
                THEN (SELECT coalesce(sum(pc.relpages), 0) FROM pg_partition_tree(x.indexrelid) p
                      JOIN pg_class pc ON pc.oid = p.relid WHERE p.isleaf)
                ELSE c.relpages END             AS relpages,
           c.relkind = 'I'                     AS partitioned,
           coalesce(k.backs, false)            AS backs_constraint,
           coalesce(k.referenced, false)       AS fk_target,
           k.unique_name
    FROM pg_index x
    JOIN pg_class c ON c.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN constrained k ON k.conindid = x.indexrelid
    WHERE x.indisvalid AND x.indislive
      AND NOT c.relispartition  -- a partition's index goes with its partitioned index, compared once
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
      AND n.nspname NOT LIKE 'pg\_temp\_%'
),
pairs AS (
    SELECT r.indrelid, r.indexrelid AS redundant, d.indexrelid AS dominant,
           CASE WHEN r.indnkeyatts = d.indnkeyatts AND r.keys[0:r.indnatts - 1] = d.keys[0:d.indnatts - 1]
                THEN 'duplicate' ELSE 'prefix' END AS kind
    FROM ix r
    JOIN ix d ON d.indrelid = r.indrelid AND d.indexrelid <> r.indexrelid AND d.relam = r.relam
    WHERE r.pred IS NOT DISTINCT FROM d.pred
      AND r.exprs IS NOT DISTINCT FROM d.exprs
      AND NOT r.indisprimary AND NOT r.fk_target
      AND (
            (r.keys[0:r.indnatts - 1] = d.keys[0:d.indnatts - 1] AND r.indnkeyatts = d.indnkeyatts
             AND r.classes[0:r.indnkeyatts - 1] = d.classes[0:d.indnkeyatts - 1]
             AND r.colls[0:r.indnkeyatts - 1] = d.colls[0:d.indnkeyatts - 1]
             AND r.opts[0:r.indnkeyatts - 1] = d.opts[0:d.indnkeyatts - 1]
             AND (NOT r.indisunique OR d.indimmediate OR NOT r.indimmediate)  -- a deferrable one enforces later
             AND (   (d.indisunique AND NOT r.indisunique)
                  OR (d.indisunique = r.indisunique AND d.backs_constraint AND NOT r.backs_constraint)
                  OR (d.indisunique = r.indisunique AND d.backs_constraint = r.backs_constraint AND d.relname < r.relname)))
         OR (r.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')
             AND NOT r.indisunique AND NOT r.backs_constraint
             AND r.indnatts = r.indnkeyatts
             AND (r.indnkeyatts < d.indnkeyatts OR (r.indnkeyatts = d.indnkeyatts AND d.indnatts > d.indnkeyatts))
             AND r.keys[0:r.indnkeyatts - 1] = d.keys[0:r.indnkeyatts - 1]
             AND r.classes[0:r.indnkeyatts - 1] = d.classes[0:r.indnkeyatts - 1]
             AND r.colls[0:r.indnkeyatts - 1] = d.colls[0:r.indnkeyatts - 1]
             AND r.opts[0:r.indnkeyatts - 1] = d.opts[0:r.indnkeyatts - 1])
          )
),
one AS (  -- each redundant index once, with its smallest dominant (the one to keep; sizes from relpages)
    SELECT DISTINCT ON (p.redundant) p.indrelid, p.redundant, p.dominant, p.kind
    FROM pairs p
    JOIN ix dc ON dc.indexrelid = p.dominant
    ORDER BY p.redundant, (p.kind = 'duplicate') DESC, dc.relpages, dc.relname
),
shown AS (  -- the largest by relpages (no file opened for the ones cut), then their real size
    SELECT o.*, count(*) OVER () AS total,
           sum(rc.relpages::numeric * current_setting('block_size')::int) OVER () AS total_bytes,
           rc.relpages, rc.partitioned, rc.unique_name
    FROM one o
    JOIN ix rc ON rc.indexrelid = o.redundant
    ORDER BY rc.relpages DESC, o.redundant
    LIMIT 200
)
SELECT n.nspname                              AS schema_name,
       t.relname                              AS table_name,
       rc.relname                             AS index_name,
       dc.relname                             AS dominant_index,
       o.kind,
       CASE WHEN o.partitioned
            THEN (SELECT coalesce(sum(pg_relation_size(p.relid)), 0) FROM pg_partition_tree(o.redundant) p WHERE p.isleaf)
            ELSE pg_relation_size(o.redundant) END AS size_bytes,
       o.partitioned,
       pg_get_indexdef(o.redundant)           AS definition,
       pg_get_indexdef(o.dominant)            AS dominant_definition,
       o.unique_name                          AS constraint_name,  -- (pg_constraint has no index on conindid)
       0                                      AS ignored,  -- no invisible indexes here; invalid ones are left out
       o.total,
       o.total_bytes
FROM shown o
JOIN pg_class rc ON rc.oid = o.redundant
JOIN pg_class dc ON dc.oid = o.dominant
JOIN pg_class t ON t.oid = o.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
ORDER BY size_bytes DESC, n.nspname, t.relname, rc.relname
