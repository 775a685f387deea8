-- MySQL 8 (MariaDB: mariadb.sql). Triggers whose DEFINER account does not exist. A trigger always runs
-- as its definer, so every INSERT / UPDATE / DELETE it fires on fails with ERROR 1449 "The user
-- specified as a definer ('u'@'h') does not exist": the table cannot be written. MySQL 8.0.22+ refuses
-- DROP USER of a definer unless SET_USER_ID (8.2+: SET_ANY_DEFINER / ALLOW_NONEXISTENT_DEFINER).
-- Accounts (users and roles) are mysql.user. information_schema.TRIGGERS lists a table's triggers only
-- to a user holding TRIGGER on it (MySQL manual, TRIGGERS table). The server matches a definer
-- exactly: user name case-sensitively, host case-insensitively.
WITH split AS (
    SELECT t.TRIGGER_SCHEMA AS trigger_schema, t.TRIGGER_NAME AS trigger_name, t.EVENT_OBJECT_TABLE AS table_name,
           CONCAT(t.ACTION_TIMING, ' ', t.EVENT_MANIPULATION) AS fires_on,
           CONVERT(t.DEFINER USING utf8mb4) COLLATE utf8mb4_bin AS definer
    FROM information_schema.TRIGGERS t
    WHERE t.TRIGGER_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
)
SELECT s.trigger_schema,
       s.trigger_name,
       s.table_name,
       s.fires_on,
       s.definer,
       COUNT(*) OVER () AS total
FROM split s
WHERE NOT EXISTS (SELECT 1 FROM mysql.user a
                  WHERE BINARY a.User = BINARY LEFT(s.definer, CHAR_LENGTH(s.definer) - CHAR_LENGTH(SUBSTRING_INDEX(s.definer, '@', -1)) - 1)
                    AND LOWER(a.Host) = LOWER(SUBSTRING_INDEX(s.definer, '@', -1)))
ORDER BY s.trigger_schema, s.table_name, s.trigger_name
LIMIT 200
