-- MariaDB: the global variables changed at runtime with SET GLOBAL (information_schema.SYSTEM_VARIABLES
-- GLOBAL_VALUE_ORIGIN = 'SQL', 10.1+): their running value is not the configuration's, and a restart
-- silently reverts them. MariaDB records neither when nor who (MySQL 8 does: mysql.sql); the stored
-- settings snapshots give when (CFG042). One row per variable.
SELECT LOWER(VARIABLE_NAME)   AS name,
       GLOBAL_VALUE           AS setting,
       DEFAULT_VALUE          AS default_value,
       GLOBAL_VALUE_ORIGIN    AS source,
       CAST(NULL AS CHAR)     AS set_time,
       CAST(NULL AS CHAR)     AS set_by,
       0                      AS changed_in_window
FROM information_schema.SYSTEM_VARIABLES
WHERE GLOBAL_VALUE_ORIGIN = 'SQL'
ORDER BY VARIABLE_NAME
LIMIT 200
