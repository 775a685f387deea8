-- How new passwords are hashed: password_encryption for the server, and every per-role /
-- per-database override in pg_db_role_setting (ALTER ROLE … SET, ALTER DATABASE … SET): a role with
-- password_encryption = md5 stores MD5 whenever its password changes, whatever the server says.
-- Default md5 before PostgreSQL 14, scram-sha-256 since.
-- The server's value: pg_settings shows this session's, after the role and database settings of the
-- monitoring user itself are applied (source 'user', 'database', 'database user', or 'client' /
-- 'session'). When the session's value comes from the server (source default, configuration file,
-- command line, environment variable, override) it is the server's; otherwise the server's is the
-- last applied line of the configuration files (pg_file_settings) or, without one, the built-in
-- default (boot_val), and ``source`` says so and names the session's own source.
WITH sess AS (
    SELECT setting, source, boot_val,
           source IN ('default', 'configuration file', 'command line', 'environment variable', 'override') AS from_server
    FROM pg_settings
    WHERE name = 'password_encryption'
),
file AS (
    SELECT setting, sourcefile
    FROM pg_catalog.pg_file_settings
    WHERE name = 'password_encryption' AND applied
    ORDER BY seqno DESC
    LIMIT 1
)
SELECT 'password_encryption'::text AS name,
       CASE WHEN sess.from_server THEN sess.setting ELSE coalesce(file.setting, sess.boot_val) END AS setting,
       'server'::text AS scope,
       CASE WHEN sess.from_server THEN sess.source
            ELSE coalesce('configuration file ' || file.sourcefile, 'default') || ' (this session: ' || sess.source
                 || ' ' || sess.setting || ')' END AS source
FROM sess
LEFT JOIN file ON true
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
