-- InnoDB's file settings, one row per setting (the expected_settings judge): one tablespace file per
-- table, strict checks on CREATE/ALTER TABLE options, and how data files are flushed (O_DIRECT keeps
-- the OS cache from holding a second copy of the buffer pool). Serves MySQL 8 and MariaDB; a setting
-- a server lacks returns NULL and is left out.
SELECT name, setting FROM (
    SELECT 'innodb_file_per_table' AS name, IF(@@global.innodb_file_per_table, 'ON', 'OFF') AS setting
    UNION ALL SELECT 'innodb_strict_mode', IF(@@global.innodb_strict_mode, 'ON', 'OFF')
    UNION ALL SELECT 'innodb_flush_method', CAST(@@global.innodb_flush_method AS CHAR)
) v
WHERE setting IS NOT NULL
