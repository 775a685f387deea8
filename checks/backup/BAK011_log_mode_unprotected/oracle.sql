-- The database's protection settings as (name, setting) rows: archive log mode, force logging, flashback.
SELECT 'log_mode' AS name, d.log_mode AS setting FROM v$database d
UNION ALL
SELECT 'force_logging', d.force_logging FROM v$database d
UNION ALL
SELECT 'flashback_on', d.flashback_on FROM v$database d
