-- Foreign keys whose referencing columns lead no index of the referencing table: every DELETE (and
-- key UPDATE) of a referenced row then scans the whole referencing table to check or cascade, and
-- joins on the key cannot use an index (postgres-checkup H003, pg-healthcheck G06-005). An index
-- supports the FK when it is valid, not partial, a B-tree (a hash index for a one-column key), and
-- its first N key columns are the N FK columns in any order. One row per FK declared on a table
-- (a partition's copy of its parent's FK goes with the parent, conparentid); ``table_bytes`` is the
-- referencing table's size (a partitioned table: its partitions'), which the judge's floor (in
-- pages of block_size) reads.
-- Bounded: the 200 largest referencing tables, with how many FKs lack an index.
WITH fk AS (
    SELECT c.oid, c.conname, c.conrelid, c.confrelid, c.conkey
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.conparentid = 0
),
missing AS (
    SELECT fk.*
    FROM fk
    WHERE NOT EXISTS (
        SELECT 1
        FROM pg_index x
        JOIN pg_class ic ON ic.oid = x.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        WHERE x.indrelid = fk.conrelid
          AND x.indisvalid
          AND x.indpred IS NULL
          AND (am.amname = 'btree' OR (am.amname = 'hash' AND array_length(fk.conkey, 1) = 1))
          AND (x.indkey::int2[])[0:array_length(fk.conkey, 1) - 1] @> fk.conkey
          AND x.indnkeyatts >= array_length(fk.conkey, 1))
)
SELECT n.nspname                                                    AS schema_name,
       t.relname                                                    AS table_name,
       m.conname                                                    AS constraint_name,
       (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
        FROM unnest(m.conkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = m.conrelid AND a.attnum = k.attnum)      AS columns,
       rn.nspname || '.' || r.relname                               AS referenced_table,
       CASE WHEN t.relkind = 'p'
            THEN (SELECT coalesce(sum(pg_relation_size(p.relid)), 0) FROM pg_partition_tree(t.oid) p)
            ELSE pg_relation_size(t.oid) END                        AS table_bytes,
       pg_relation_size(m.confrelid)                                AS referenced_bytes,
       current_setting('block_size')::int                           AS block_size,
       count(*) OVER ()                                             AS total
FROM missing m
JOIN pg_class t ON t.oid = m.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class r ON r.oid = m.confrelid
JOIN pg_namespace rn ON rn.oid = r.relnamespace
ORDER BY table_bytes DESC, n.nspname, t.relname, m.conname
LIMIT 200
