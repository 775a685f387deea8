-- LOGIN roles and their password expiry (VALID UNTIL): days left, negative once expired; NULL when
-- the role has none (never set, or 'infinity'). VALID UNTIL only limits password authentication: an
-- expired role still logs in by peer, cert, trust or LDAP. pg_roles never shows whether a role has
-- a password at all (rolpassword always reads ********), so every LOGIN role is listed.
SELECT rolname                                                          AS role_name,
       rolsuper                                                         AS superuser,
       CASE WHEN rolvaliduntil IS NULL OR rolvaliduntil = 'infinity' THEN NULL
            ELSE to_char(rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS valid_until,
       CASE WHEN rolvaliduntil IS NULL OR rolvaliduntil = 'infinity' THEN NULL
            ELSE round((extract(epoch FROM rolvaliduntil - now()) / 86400)::numeric, 1) END AS days_left,
       count(*) OVER ()                                                 AS login_roles
FROM pg_roles
WHERE rolcanlogin
ORDER BY days_left NULLS LAST, rolname
LIMIT 500
