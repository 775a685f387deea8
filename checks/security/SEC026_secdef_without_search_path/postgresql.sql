-- SECURITY DEFINER functions and procedures of this database, with the search_path they pin
-- (proconfig 'search_path=…'), NULL when none: such a function runs with its owner's privileges but
-- resolves unqualified names through the caller's search_path, so a caller who can create objects
-- in a schema on it hijacks the function. Functions that belong to an extension are left out (the
-- extension's script owns them). PUBLIC may execute a function unless revoked (the default).
-- A pinned path is safe only if nobody else can create objects on it and pg_temp comes last
-- (``ends_pg_temp``, ``writable_schemas``).
WITH f AS (
    SELECT current_database()                                               AS database_name,
           n.nspname                                                        AS schema_name,
           p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS function_name,
           pg_get_userbyid(p.proowner)                                      AS owner,
           p.proowner                                                       AS owner_oid,
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
SELECT f.*,
       -- the pinned path ends with pg_temp (else the temporary schema, which any role with TEMP on the
       -- database creates, is searched first for tables and views); an empty path ("") pins nothing to
       -- hijack
       f.search_path IS NOT NULL AND f.search_path NOT IN ('', '""')
         AND lower(trim(both ' "' FROM (string_to_array(f.search_path, ','))[cardinality(string_to_array(f.search_path, ','))]))
             = 'pg_temp'                                                    AS ends_pg_temp,
       -- schemas on the pinned path where someone other than the function's owner may create objects:
       -- PUBLIC or a role holding CREATE, or the schema's owner — a superuser aside
       (SELECT string_agg(DISTINCT sn.nspname, ', ')
        FROM unnest(string_to_array(f.search_path, ',')) AS e(entry)
        JOIN pg_namespace sn ON sn.nspname = trim(both ' "' FROM e.entry)
        WHERE f.search_path NOT IN ('', '""')
          AND EXISTS (SELECT 1
                      FROM (SELECT a.grantee FROM aclexplode(sn.nspacl) a WHERE a.privilege_type = 'CREATE'
                            UNION ALL SELECT sn.nspowner) w(role)
                      -- pg_database_owner (15+: owner of schema public) stands for the database's owner
                      CROSS JOIN LATERAL (SELECT CASE WHEN w.role = (SELECT oid FROM pg_roles WHERE rolname = 'pg_database_owner')
                                                      THEN (SELECT datdba FROM pg_database WHERE datname = current_database())
                                                      ELSE w.role END AS role) eff
                      WHERE eff.role <> f.owner_oid
                        AND (eff.role = 0 OR NOT EXISTS (SELECT 1 FROM pg_roles g WHERE g.oid = eff.role AND g.rolsuper))))
                                                                            AS writable_schemas,
       count(*) OVER () AS total
FROM f
ORDER BY search_path IS NULL DESC, owner_superuser AND public_execute DESC, schema_name, function_name
LIMIT 200
