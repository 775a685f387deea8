-- How many backends the server allows, with what it reserves for superusers (and, from 16, for
-- pg_use_reserved_connections): every allowed connection costs memory and a ProcArray slot whether it
-- is used or not. One row per setting (the expected_settings judge).
SELECT name, setting, coalesce(' ' || unit, '') AS unit, current_setting(name) AS shown, source
FROM pg_settings
WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections')
ORDER BY name
