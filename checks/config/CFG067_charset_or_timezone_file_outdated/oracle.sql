-- The database character sets (NLS_DATABASE_PARAMETERS) and the time zone file version in use
-- (V$TIMEZONE_FILE: e.g. timezlrg_32.dat, VERSION 32), one row of (name, setting) each.
SELECT n.parameter AS name, n.value AS setting
FROM nls_database_parameters n
WHERE n.parameter IN ('NLS_CHARACTERSET', 'NLS_NCHAR_CHARACTERSET')
UNION ALL
SELECT 'TIMEZONE_FILE_VERSION', TO_CHAR(t.version)
FROM v$timezone_file t
ORDER BY 1
