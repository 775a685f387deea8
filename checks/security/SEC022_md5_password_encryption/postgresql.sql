-- How new passwords are hashed: password_encryption for the server (as this session sees it, with
-- its source), and every per-role / per-database override in pg_db_role_setting (ALTER ROLE … SET,
-- ALTER DATABASE … SET): a role with password_encryption = md5 stores MD5 whenever its password
-- changes, whatever the server says. Default md5 before PostgreSQL 14, scram-sha-256 since.
SELECT 'password_encryption'::text AS name, setting, 'server'::text AS scope, source
FROM pg_settings
WHERE name = 'password_encryption'
UNION ALL
SELECT 'password_encryption', substr(c, length('password_encryption=') + 1),
       CASE WHEN s.setrole = 0 THEN 'database ' || d.datname
            WHEN s.setdatabase = 0 THEN 'role ' || r.rolname
            ELSE 'role ' || r.rolname || ' in database ' || d.datname END,
       'pg_db_role_setting'
FROM pg_db_role_setting s
LEFT JOIN pg_roles r ON r.oid = s.setrole
LEFT JOIN pg_database d ON d.oid = s.setdatabase
CROSS JOIN LATERAL unnest(s.setconfig) AS c
WHERE c LIKE 'password\_encryption=%'
ORDER BY 3
LIMIT 200
