-- MariaDB: the global variables not at their compiled-in value (information_schema.SYSTEM_VARIABLES
-- GLOBAL_VALUE_ORIGIN: CONFIG, COMMAND-LINE, SQL, AUTO, ENVIRONMENT), as one '(instance)' row of numbers
-- for the settings drift check (CFG042): numeric values as numbers, ON/OFF as 1/0 (key suffix '!'),
-- other text as its CRC32 (key suffix '#': that it changed is known, its old text is not stored).
-- The replication positions (gtid_*) move by themselves and are left out. JSON_OBJECTAGG: 10.5+.
SELECT '(instance)' AS object,
       NULL         AS epoch,
       JSON_OBJECTAGG(
           CASE WHEN GLOBAL_VALUE REGEXP '^-?[0-9]+(\\.[0-9]+)?$' THEN LOWER(VARIABLE_NAME)
                WHEN GLOBAL_VALUE IN ('ON', 'OFF') THEN CONCAT(LOWER(VARIABLE_NAME), '!')
                ELSE CONCAT(LOWER(VARIABLE_NAME), '#') END,
           CASE WHEN GLOBAL_VALUE REGEXP '^-?[0-9]+(\\.[0-9]+)?$' THEN GLOBAL_VALUE + 0
                WHEN GLOBAL_VALUE IN ('ON', 'OFF') THEN IF(GLOBAL_VALUE = 'ON', 1, 0)
                ELSE CRC32(GLOBAL_VALUE) END) AS data
FROM information_schema.SYSTEM_VARIABLES
WHERE GLOBAL_VALUE_ORIGIN <> 'COMPILE-TIME'
  AND GLOBAL_VALUE IS NOT NULL
  AND VARIABLE_NAME NOT LIKE 'GTID\_%'
