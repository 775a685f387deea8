-- pg_hba.conf as it is on disk now (pg_hba_file_rules re-reads the file: a change not yet reloaded
-- shows here before the server uses it; a line with an error has it in `error`, and then a reload
-- keeps the old rules). `local_only`: the rule admits only the server itself — a Unix socket
-- (local), samehost, localhost, 127.0.0.0/8 or ::1/128; any other address (all, samenet, a
-- network, a host name) admits remote clients. Superuser only by default: SELECT on the view and
-- EXECUTE on the function it calls (functions in a view run with the caller's privileges) — and the
-- view's options column holds ldapbindpasswd / radiussecrets in clear text: not selected here, but
-- the grants are sensitive (checks/privileges.py) for that reason.
-- `rule_key` names a rule by what it says (type, databases, users, address, method), so an
-- acknowledgement stays on its rule when lines are inserted above it or the file moves (a line
-- with an error: by its place). `admits_superuser`: the users field is all, or names a superuser
-- role (directly; a +group is counted when a superuser is a member of it).
SELECT 'pg_hba.conf:' || line_number                                        AS rule,
       line_number,
       type,
       array_to_string(database, ',')                                       AS databases,
       array_to_string(user_name, ',')                                      AS users,
       coalesce(address || coalesce('/' || netmask, ''), '')                AS address,
       auth_method,
       CASE WHEN error IS NOT NULL THEN 'error:' || line_number
            ELSE concat_ws(' ', type, array_to_string(database, ','), array_to_string(user_name, ','),
                           nullif(coalesce(address || coalesce('/' || netmask, ''), ''), ''), auth_method) END AS rule_key,
       EXISTS (SELECT 1 FROM unnest(user_name) u(name)
               WHERE u.name = 'all'
                  OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolsuper AND r.rolname = u.name)
                  OR (left(u.name, 1) = '+' AND EXISTS (
                        SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                        JOIN pg_roles su ON su.oid = m.member AND su.rolsuper
                        WHERE g.rolname = substr(u.name, 2))))       AS admits_superuser,
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
