-- MySQL 8.0.20+ (MariaDB: mariadb.sql). Views, stored routines and events whose DEFINER account does
-- not exist. A DEFINER-security view or routine then fails at every use with ERROR 1449 "The user
-- specified as a definer ('u'@'h') does not exist", an event at every run; an INVOKER-security view
-- or routine still runs. MySQL 8.0.22+ refuses DROP USER / RENAME USER of a definer (unless
-- SET_USER_ID, 8.2+: SET_ANY_DEFINER or ALLOW_NONEXISTENT_DEFINER), so orphans come from older
-- versions, those privileges or restored dumps. Accounts (users and roles) are mysql.user; the server
-- matches a definer exactly: user name case-sensitively, host case-insensitively.
-- information_schema shows every routine only with SHOW_ROUTINE (8.0.20+), every event only with
-- EVENT, every view with SHOW VIEW.
WITH objects AS (
    SELECT 'VIEW' AS object_type, v.TABLE_SCHEMA AS object_schema, v.TABLE_NAME AS object_name,
           CONVERT(v.DEFINER USING utf8mb4) COLLATE utf8mb4_bin AS definer, v.SECURITY_TYPE AS security_type,
           NULL AS status
    FROM information_schema.VIEWS v
    WHERE v.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
    UNION ALL
    SELECT r.ROUTINE_TYPE, r.ROUTINE_SCHEMA, r.ROUTINE_NAME, CONVERT(r.DEFINER USING utf8mb4) COLLATE utf8mb4_bin,
           r.SECURITY_TYPE, NULL
    FROM information_schema.ROUTINES r
    WHERE r.ROUTINE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
    UNION ALL
    SELECT 'EVENT', e.EVENT_SCHEMA, e.EVENT_NAME, CONVERT(e.DEFINER USING utf8mb4) COLLATE utf8mb4_bin, 'DEFINER',
           e.STATUS
    FROM information_schema.EVENTS e
    WHERE e.EVENT_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
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
WHERE NOT EXISTS (SELECT 1 FROM mysql.user a
                  WHERE BINARY a.User = BINARY s.definer_user AND LOWER(a.Host) = LOWER(s.definer_host))
ORDER BY s.security_type = 'DEFINER' AND COALESCE(s.status, 'ENABLED') = 'ENABLED' DESC,
         s.object_schema, s.object_type, s.object_name
LIMIT 200
