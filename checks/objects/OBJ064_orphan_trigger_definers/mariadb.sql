-- Triggers whose DEFINER account does not exist (MariaDB; MySQL 8: mysql.sql). A trigger always runs as
-- its definer, so every INSERT / UPDATE / DELETE it fires on fails with ERROR 1449 "The user specified
-- as a definer ('u'@'h') does not exist": the table cannot be written. MariaDB drops users without
-- checking what they define. Accounts (users and roles; a role definer reads 'role@') are
-- mysql.global_priv. information_schema.TRIGGERS lists a table's triggers only to a user holding
-- TRIGGER on it (measured on 10.11: SHOW VIEW, REFERENCES, EVENT show none); reading it opens each
-- table's .TRG file, no table.
-- The server matches a definer exactly: user name case-sensitively, host case-insensitively.
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
WHERE NOT EXISTS (SELECT 1 FROM mysql.global_priv a
                  WHERE BINARY a.User = BINARY LEFT(s.definer, CHAR_LENGTH(s.definer) - CHAR_LENGTH(SUBSTRING_INDEX(s.definer, '@', -1)) - 1)
                    AND LOWER(a.Host) = LOWER(SUBSTRING_INDEX(s.definer, '@', -1)))
ORDER BY s.trigger_schema, s.table_name, s.trigger_name
LIMIT 200
