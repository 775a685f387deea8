-- The server-wide settings given by a configuration file, the command line or the environment (not the
-- compiled-in defaults, not this session's own), as one '(instance)' row of numbers so the settings
-- drift checks (CFG014, CFG015) can tell what changed between snapshots: a number for integer/real
-- settings, 1/0 for booleans (key suffix '!'), and a 48-bit hash of the text for enum and string
-- settings (key suffix '#': that a value changed is known, its old text is not stored). Plus the
-- cluster's system identifier (a primary and its physical standbys share it) and whether this node is
-- in recovery, so nodes of one cluster can be compared.
SELECT '(instance)'          AS object,
       NULL::timestamptz     AS epoch,
       coalesce(jsonb_object_agg(
           CASE WHEN vartype IN ('integer', 'real') THEN name
                WHEN vartype = 'bool' THEN name || '!'
                ELSE name || '#' END,
           CASE WHEN vartype IN ('integer', 'real') THEN to_jsonb(setting::numeric)
                WHEN vartype = 'bool' THEN to_jsonb((setting = 'on')::int)
                ELSE to_jsonb(('x' || substr(md5(setting), 1, 12))::bit(48)::bigint) END), '{}'::jsonb)
       || jsonb_build_object('system_identifier', (SELECT system_identifier FROM pg_control_system()),
                             'in_recovery!', pg_is_in_recovery()::int) AS data
FROM pg_settings
WHERE source IN ('configuration file', 'command line', 'environment variable')
