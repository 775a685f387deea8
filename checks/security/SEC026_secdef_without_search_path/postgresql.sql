-- SECURITY DEFINER functions and procedures of this database, with the search_path they pin
-- (proconfig 'search_path=…'), NULL when none: such a function runs with its owner's privileges but
-- resolves unqualified names through the caller's search_path, so a caller who can create objects
-- in a schema on it hijacks the function. Functions that belong to an extension are left out (the
-- extension's script owns them). PUBLIC may execute a function unless revoked (the default).
WITH f AS (
    SELECT current_database()                                               AS database_name,
           n.nspname                                                        AS schema_name,
           p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS function_name,
           pg_get_userbyid(p.proowner)                                      AS owner,
           o.rolsuper                                                       AS owner_superuser,
           has_function_privilege('public', p.oid, 'EXECUTE')               AS public_execute,
           (SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) AS c
             WHERE c LIKE 'search\_path=%' LIMIT 1)                         AS search_path
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    JOIN pg_roles o ON o.oid = p.proowner
    WHERE p.prosecdef
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
)
SELECT f.*, count(*) OVER () AS total
FROM f
ORDER BY search_path IS NULL DESC, owner_superuser AND public_execute DESC, schema_name, function_name
LIMIT 200
