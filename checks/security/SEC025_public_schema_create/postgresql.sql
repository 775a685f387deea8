-- Schemas of this database where PUBLIC (every role, now and later) holds a privilege, and whether
-- that includes CREATE: anyone can then plant a table or function that shadows the one a query or a
-- function meant (CVE-2018-1058, search_path). A NULL nspacl is the default: the owner only. Up to
-- PostgreSQL 14 initdb gave PUBLIC CREATE on schema public; 15 stopped, but a cluster upgraded with
-- pg_upgrade (or restored from an old dump) keeps the old grant.
SELECT current_database()                                        AS database_name,
       n.nspname                                                 AS schema_name,
       pg_get_userbyid(n.nspowner)                               AS owner,
       string_agg(a.privilege_type, ',' ORDER BY a.privilege_type) AS public_privileges,
       bool_or(a.privilege_type = 'CREATE')                      AS public_create
FROM pg_namespace n
CROSS JOIN LATERAL aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
WHERE a.grantee = 0
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
GROUP BY n.nspname, n.nspowner
ORDER BY bool_or(a.privilege_type = 'CREATE') DESC, n.nspname
LIMIT 200
