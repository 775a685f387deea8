-- Current grants to PUBLIC on tables, views, materialized views, foreign tables and sequences of
-- this database (relacl entries whose grantee is 0; a NULL relacl is the default: owner only), and
-- column grants to PUBLIC on their columns (pg_attribute.attacl: GRANT UPDATE (salary) … TO PUBLIC),
-- shown as PRIVILEGE(column). Extension members are left out (e.g. pg_stat_statements grants SELECT
-- to PUBLIC by design). A snapshot of the grants, not their history: the report's per-object history
-- (new / resolved / persisting) shows which appeared or went since the previous run. Bounded: the
-- relations with a privilege beyond reading (SELECT, REFERENCES, USAGE) first, so the LIMIT never
-- cuts a relation PUBLIC may change in favour of read-only ones.
WITH rel AS (
    SELECT c.oid, n.nspname, c.relname, c.relkind, c.relacl
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
),
g AS (
    SELECT r.nspname, r.relname, r.relkind, a.privilege_type, a.privilege_type AS shown
    FROM rel r
    CROSS JOIN LATERAL aclexplode(r.relacl) AS a
    WHERE r.relacl IS NOT NULL AND a.grantee = 0
    UNION ALL
    SELECT r.nspname, r.relname, r.relkind, a.privilege_type, a.privilege_type || '(' || quote_ident(att.attname) || ')'
    FROM rel r
    JOIN pg_attribute att ON att.attrelid = r.oid AND att.attnum > 0 AND NOT att.attisdropped AND att.attacl IS NOT NULL
    CROSS JOIN LATERAL aclexplode(att.attacl) AS a
    WHERE a.grantee = 0
)
SELECT current_database()                                            AS database_name,
       nspname                                                       AS schema_name,
       relname                                                       AS relation_name,
       CASE relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
                    WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'sequence' END AS kind,
       string_agg(shown, ',' ORDER BY shown)                         AS privileges,
       count(*) OVER ()                                              AS total
FROM g
GROUP BY nspname, relname, relkind
ORDER BY bool_or(privilege_type NOT IN ('SELECT', 'REFERENCES', 'USAGE')) DESC, count(*) DESC, nspname, relname
LIMIT 200
