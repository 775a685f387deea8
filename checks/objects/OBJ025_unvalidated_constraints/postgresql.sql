-- Constraints added NOT VALID and never validated (pg_constraint.convalidated = false; PgHero
-- invalid_constraints): new and updated rows are checked, the rows that were already there never
-- were, so the rule may not hold, and the planner cannot rely on it (a CHECK does not exclude
-- partitions or prove joins). CHECK and FOREIGN KEY constraints (and PostgreSQL 18's NOT NULL NOT
-- VALID). A partition's copy of its parent's constraint goes with the parent (conparentid).
-- Bounded: 200, with how many there are.
SELECT n.nspname                                               AS schema_name,
       t.relname                                               AS table_name,
       c.conname                                               AS constraint_name,
       CASE c.contype WHEN 'c' THEN 'check' WHEN 'f' THEN 'foreign key' WHEN 'n' THEN 'not null'
                      ELSE c.contype::text END                 AS kind,
       pg_get_constraintdef(c.oid)                             AS definition,
       CASE WHEN c.confrelid <> 0 THEN c.confrelid::regclass::text END AS referenced_table,
       pg_relation_size(c.conrelid)                            AS table_bytes,
       count(*) OVER ()                                        AS total
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE NOT c.convalidated
  AND c.conparentid = 0
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY c.contype = 'f' DESC, n.nspname, t.relname, c.conname
LIMIT 200
