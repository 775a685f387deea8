-- MySQL 8 (MariaDB: mariadb/variables.sql): the global variables not at their compiled-in value
-- (performance_schema.variables_info VARIABLE_SOURCE other than COMPILED), as one '(instance)' row of
-- numbers for the settings drift check (CFG042): numeric values as numbers, ON/OFF as 1/0 (key suffix
-- '!'), other text as its CRC32 (key suffix '#'). gtid_executed / gtid_purged move by themselves: left out.
SELECT '(instance)' AS object,
       NULL         AS epoch,
       JSON_OBJECTAGG(
           CASE WHEN gv.VARIABLE_VALUE REGEXP '^-?[0-9]+(\\.[0-9]+)?$' THEN vi.VARIABLE_NAME
                WHEN gv.VARIABLE_VALUE IN ('ON', 'OFF') THEN CONCAT(vi.VARIABLE_NAME, '!')
                ELSE CONCAT(vi.VARIABLE_NAME, '#') END,
           CASE WHEN gv.VARIABLE_VALUE REGEXP '^-?[0-9]+(\\.[0-9]+)?$' THEN gv.VARIABLE_VALUE + 0
                WHEN gv.VARIABLE_VALUE IN ('ON', 'OFF') THEN IF(gv.VARIABLE_VALUE = 'ON', 1, 0)
                ELSE CRC32(gv.VARIABLE_VALUE) END) AS data
FROM performance_schema.variables_info vi
JOIN performance_schema.global_variables gv ON gv.VARIABLE_NAME = vi.VARIABLE_NAME
WHERE vi.VARIABLE_SOURCE <> 'COMPILED'
  AND vi.VARIABLE_NAME NOT LIKE 'gtid\_%'
