-- Which kind of hash each role's stored password is: md5, SCRAM-SHA-256, or none. Only the kind
-- leaves the server — never the hash. pg_authid is readable by superusers only unless SELECT on it
-- is granted, and that grant lets the monitoring role read every password hash (an MD5 hash is
-- enough to log in with the md5 method): grant it only where that is accepted; without it this
-- check is SKIPPED "missing privilege", never OK.
SELECT rolname                                               AS role_name,
       rolcanlogin                                           AS can_login,
       rolsuper                                              AS superuser,
       CASE WHEN rolpassword IS NULL THEN 'none'
            WHEN rolpassword LIKE 'md5%' THEN 'md5'
            WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram-sha-256'
            ELSE 'other' END                                 AS hash_kind
FROM pg_catalog.pg_authid
WHERE rolpassword IS NOT NULL
ORDER BY (rolpassword LIKE 'md5%') DESC, rolname
LIMIT 500
