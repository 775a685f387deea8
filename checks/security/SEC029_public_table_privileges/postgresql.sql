-- Current grants to PUBLIC on tables, views, materialized views, foreign tables and sequences of
-- this database (relacl entries whose grantee is 0; a NULL relacl is the default: owner only).
-- Extension members are left out (e.g. pg_stat_statements grants SELECT to PUBLIC by design). A
-- snapshot of the grants, not their history: the report's per-object history (new / resolved /
-- persisting) shows which appeared or went since the previous run.
WITH g AS (
    SELECT n.nspname, c.relname, c.relkind, a.privilege_type
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL aclexplode(c.relacl) AS a
    WHERE c.relacl IS NOT NULL
      AND a.grantee = 0
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
)
SELECT current_database()                                            AS database_name,
       nspname                                                       AS schema_name,
       relname                                                       AS relation_name,
       CASE relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
                    WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'sequence' END AS kind,
       string_agg(privilege_type, ',' ORDER BY privilege_type)      AS privileges,
       count(*) OVER ()                                              AS total
FROM g
GROUP BY nspname, relname, relkind
ORDER BY count(*) DESC, nspname, relname
LIMIT 200
