-- Constraints added NOT VALID and never validated (pg_constraint.convalidated = false; PgHero
-- invalid_constraints): new and updated rows are checked, the rows that were already there never
-- were, so the rule may not hold, and the planner cannot rely on it (a CHECK does not exclude
-- partitions or prove joins). CHECK and FOREIGN KEY constraints (and PostgreSQL 18's NOT NULL NOT
-- VALID) of tables, and CHECK constraints of domains (ALTER DOMAIN … ADD CONSTRAINT … NOT VALID:
-- conrelid 0, contypid the domain; table_name is then the domain's name, kind 'domain check'). A
-- partition's copy of its parent's constraint goes with the parent (conparentid). The referenced
-- table is schema-qualified. Bounded: 200, with how many there are.
WITH bad AS (
    SELECT n.nspname                                               AS schema_name,
           t.relname                                               AS table_name,
           c.conname                                               AS constraint_name,
           CASE c.contype WHEN 'c' THEN 'check' WHEN 'f' THEN 'foreign key' WHEN 'n' THEN 'not null'
                          ELSE c.contype::text END                 AS kind,
           pg_get_constraintdef(c.oid)                             AS definition,
           (SELECT format('%I.%I', rn.nspname, rc.relname)
            FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE rc.oid = c.confrelid)                            AS referenced_table,
           pg_relation_size(c.conrelid)                            AS table_bytes,
           c.contype = 'f'                                         AS is_fk
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE NOT c.convalidated
      AND c.conparentid = 0
      AND n.nspname NOT LIKE 'pg\_temp\_%'
    UNION ALL
    SELECT n.nspname, ty.typname, c.conname, 'domain check', pg_get_constraintdef(c.oid), NULL, NULL, false
    FROM pg_constraint c
    JOIN pg_type ty ON ty.oid = c.contypid
    JOIN pg_namespace n ON n.oid = ty.typnamespace
    WHERE NOT c.convalidated
      AND c.contypid <> 0
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
)
SELECT schema_name, table_name, constraint_name, kind, definition, referenced_table, table_bytes,
       count(*) OVER ()                                        AS total
FROM bad
ORDER BY is_fk DESC, schema_name, table_name, constraint_name
LIMIT 200
