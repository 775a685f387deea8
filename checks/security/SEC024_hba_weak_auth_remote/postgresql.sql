-- pg_hba.conf as it is on disk now (pg_hba_file_rules re-reads the file: a change not yet reloaded
-- shows here before the server uses it; a line with an error has it in `error`, and then a reload
-- keeps the old rules). `local_only`: the rule admits only the server itself — a Unix socket
-- (local), samehost, localhost, 127.0.0.0/8 or ::1/128; any other address (all, samenet, a
-- network, a host name) admits remote clients. Superuser only by default: SELECT on the view and
-- EXECUTE on the function it calls (functions in a view run with the caller's privileges).
SELECT 'pg_hba.conf:' || line_number                                        AS rule,
       line_number,
       type,
       array_to_string(database, ',')                                       AS databases,
       array_to_string(user_name, ',')                                      AS users,
       coalesce(address || coalesce('/' || netmask, ''), '')                AS address,
       auth_method,
       CASE WHEN type = 'local' THEN true
            WHEN address IN ('samehost', 'localhost') THEN true
            WHEN address ~ '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' AND netmask ~ '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$'
                 THEN address::inet << inet '127.0.0.0/8' AND split_part(netmask, '.', 1) = '255'
            WHEN address ~ '^[0-9a-fA-F:]+$' AND netmask IS NOT NULL
                 THEN address::inet = inet '::1' AND lower(netmask) = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'
            ELSE false END                                                  AS local_only,
       error
FROM pg_catalog.pg_hba_file_rules
ORDER BY line_number
LIMIT 500
