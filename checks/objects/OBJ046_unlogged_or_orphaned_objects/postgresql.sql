-- Two kinds of object in this database that a DBA finds missing or leaking later:
-- * unlogged tables and sequences (relpersistence 'u', PostgreSQL: "not written to the write-ahead
--   log ... not crash-safe: automatically truncated after a crash or unclean shutdown ... not
--   replicated to standby servers"): each row carries how many WAL copies this primary feeds —
--   streaming standbys and base backups connected now (physical walsenders: pg_stat_replication rows
--   whose pid holds no logical slot) and physical replication slots no walsender uses (a standby
--   away), and the WAL archive (archive_mode not off: the archive a base-backup tool — pg_basebackup,
--   pgBackRest, Barman — restores from, whether or not a standby exists) — since on each of them,
--   after a failover, and in a restore from base backup + archive these objects are empty or
--   unreadable. A sequence owned by an unlogged table (serial / identity, pg_depend 'a' / 'i': it is
--   unlogged with its table from PostgreSQL 15) is the table's, not counted again.
-- * large objects no column can reference: vacuumlo's rule is that a large object is referenced
--   when its OID appears in a column of type oid or lo of a user table; when this database has no
--   such column at all, every large object in it is orphaned for certain (lo_unlink never called).
--   When such columns exist, telling which objects they reference means reading them (vacuumlo -n
--   does): the row says how many columns could, and the count is not an orphan count.
-- Rows: one per unlogged relation, outside the system schemas, the largest first, at most 200, and
-- one large-object row when large objects exist; each with the totals.
WITH copies AS (
    SELECT (SELECT count(*) FROM pg_stat_replication r
             WHERE r.pid NOT IN (SELECT s.active_pid FROM pg_replication_slots s
                                  WHERE s.slot_type = 'logical' AND s.active_pid IS NOT NULL))
         + (SELECT count(*) FROM pg_replication_slots s WHERE s.slot_type = 'physical' AND NOT s.active)
         + (current_setting('archive_mode') <> 'off')::int                                   AS wal_copies
),
unlogged AS (
    SELECT 'unlogged'::text                                              AS kind,
           n.nspname::text                                               AS schema_name,
           c.relname::text                                               AS object_name,
           CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'p' THEN 'partitioned table' ELSE 'table' END AS object_type,
           pg_total_relation_size(c.oid)                                 AS size_bytes,
           NULL::bigint                                                  AS large_objects,
           NULL::bigint                                                  AS referencing_columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relpersistence = 'u'
      AND c.relkind IN ('r', 'p', 'S')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
      AND NOT (c.relkind = 'S' AND EXISTS (
            SELECT 1 FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
              AND d.deptype IN ('a', 'i') AND t.relpersistence = 'u'))
),
lobs AS (
    SELECT 'large_objects'::text, 'pg_catalog'::text, 'pg_largeobject'::text, 'large objects'::text,
           pg_total_relation_size('pg_catalog.pg_largeobject'::regclass),
           (SELECT count(*) FROM pg_largeobject_metadata),
           (SELECT count(*)
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_type t ON t.oid = a.atttypid
             WHERE a.attnum > 0 AND NOT a.attisdropped
               AND t.typname IN ('oid', 'lo')
               AND c.relkind IN ('r', 'm')
               AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema')
    WHERE EXISTS (SELECT 1 FROM pg_largeobject_metadata)
),
found AS (
    SELECT * FROM unlogged
    UNION ALL
    SELECT * FROM lobs
)
SELECT f.*,
       copies.wal_copies,
       count(*) FILTER (WHERE f.kind = 'unlogged') OVER ()               AS unlogged_total
FROM found f
CROSS JOIN copies
ORDER BY f.kind = 'unlogged', f.size_bytes DESC, f.schema_name, f.object_name
LIMIT 200
