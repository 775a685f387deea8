-- Views, stored routines and events whose DEFINER account does not exist (MariaDB; MySQL 8:
-- mysql.sql). A DEFINER-security view or routine then fails at every use with ERROR 1449 "The user
-- specified as a definer ('u'@'h') does not exist", an event at every run; an INVOKER-security view
-- or routine still runs, but a new account created under that name silently inherits it. MariaDB
-- drops users without checking what they define (MySQL 8.0.22+ refuses unless SET_USER_ID).
-- Accounts are mysql.global_priv (users and roles; a role definer reads 'role@', an empty host).
-- The server matches a definer exactly: user name case-sensitively, host case-insensitively.
-- Routines and events come from mysql.proc / mysql.event (read-only grants; information_schema
-- would need EXECUTE or EVENT), views from information_schema.VIEWS (each view's .frm, no table open).
WITH objects AS (
    SELECT 'VIEW' AS object_type, v.TABLE_SCHEMA AS object_schema, v.TABLE_NAME AS object_name,
           CONVERT(v.DEFINER USING utf8mb4) COLLATE utf8mb4_bin AS definer, v.SECURITY_TYPE AS security_type,
           NULL AS status
    FROM information_schema.VIEWS v
    WHERE v.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
    UNION ALL
    SELECT p.type, p.db, p.name, CONVERT(p.definer USING utf8mb4) COLLATE utf8mb4_bin, p.security_type, NULL
    FROM mysql.proc p
    WHERE p.db NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
    UNION ALL
    SELECT 'EVENT', e.db, e.name, CONVERT(e.definer USING utf8mb4) COLLATE utf8mb4_bin, 'DEFINER', e.status
    FROM mysql.event e
    WHERE e.db NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
), split AS (
    SELECT o.*,
           SUBSTRING_INDEX(o.definer, '@', -1)                                                AS definer_host,
           LEFT(o.definer, CHAR_LENGTH(o.definer) - CHAR_LENGTH(SUBSTRING_INDEX(o.definer, '@', -1)) - 1) AS definer_user
    FROM objects o
)
SELECT s.object_type,
       s.object_schema,
       s.object_name,
       s.definer,
       s.security_type,
       s.status,
       COUNT(*) OVER () AS total
FROM split s
WHERE NOT EXISTS (SELECT 1 FROM mysql.global_priv a
                  WHERE BINARY a.User = BINARY s.definer_user AND LOWER(a.Host) = LOWER(s.definer_host))
ORDER BY s.security_type = 'DEFINER' AND COALESCE(s.status, 'ENABLED') = 'ENABLED' DESC,
         s.object_schema, s.object_type, s.object_name
LIMIT 200
