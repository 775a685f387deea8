-- The three timeouts an application session gets unless it sets its own: statement_timeout,
-- idle_in_transaction_session_timeout, lock_timeout (values as written: '0', '30s', '5min' …).
-- The server's value is read from the configuration files (pg_file_settings: the last line of each
-- name, as the server applies it) or, when no file sets it, is the compiled-in default (boot_val, 0):
-- pg_settings cannot say, because this very session runs with timeouts of its own (the adapter's
-- connection options, source 'client'). A value given on the postmaster's command line is not visible
-- here. Then every per-role and per-database override (ALTER ROLE / ALTER DATABASE … SET, readable by
-- any role in pg_db_role_setting), which is what applications logging in as those roles get.
WITH names(name) AS (VALUES ('statement_timeout'), ('idle_in_transaction_session_timeout'), ('lock_timeout')),
file AS (
    SELECT DISTINCT ON (f.name) f.name, f.setting, f.sourcefile || ':' || f.sourceline AS source
    FROM pg_file_settings f JOIN names n ON n.name = f.name
    WHERE f.error IS NULL
    ORDER BY f.name, f.seqno DESC
)
SELECT n.name, coalesce(f.setting, s.boot_val) AS setting, 'server'::text AS scope,
       coalesce(f.source, 'default') AS source
FROM names n
JOIN pg_settings s ON s.name = n.name
LEFT JOIN file f ON f.name = n.name
UNION ALL
SELECT split_part(c, '=', 1), substr(c, strpos(c, '=') + 1),
       CASE WHEN d.setrole = 0 THEN 'database ' || db.datname
            WHEN d.setdatabase = 0 THEN 'role ' || r.rolname
            ELSE 'role ' || r.rolname || ' in database ' || db.datname END,
       'pg_db_role_setting'
FROM pg_db_role_setting d
LEFT JOIN pg_roles r ON r.oid = d.setrole
LEFT JOIN pg_database db ON db.oid = d.setdatabase
CROSS JOIN LATERAL unnest(d.setconfig) AS c
WHERE split_part(c, '=', 1) IN (SELECT name FROM names)
ORDER BY 1, 3
LIMIT 500
