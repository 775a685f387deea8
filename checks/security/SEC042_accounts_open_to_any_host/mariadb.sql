-- Login accounts a client can use from anywhere, or from a public network, and root from anywhere but
-- the local host. host_kind classifies the account's host pattern: 'any' (only wildcards: '%', '%.%'),
-- 'private' (RFC 1918 / link-local / IPv6 ULA prefixes, with or without a wildcard, netmask or CIDR
-- suffix), 'named' (a DNS name: useless with skip_name_resolve, restricted otherwise), 'public'
-- (any other address pattern, e.g. '203.0.113.%' or '172.%', which covers public 172.x). Local hosts
-- (localhost, 127.0.0.1, ::1) are never returned. Roles and locked accounts cannot log in.
SELECT a.account, a.user_name, a.host_name, a.host_kind, COUNT(*) OVER () AS total
FROM (SELECT CONCAT(g.User, '@', g.Host) AS account,
             g.User                      AS user_name,
             g.Host                      AS host_name,
             CASE WHEN LOWER(g.Host) REGEXP '^[%_.]*$' THEN 'any'
                  WHEN LOWER(g.Host) REGEXP '^(10[.]|192[.]168[.]|172[.](1[6-9]|2[0-9]|3[01])[.]|169[.]254[.]|f[cd][0-9a-f]{0,2}:|fe80:)'
                       THEN 'private'
                  WHEN LOWER(g.Host) REGEXP '[g-z]' OR (LOWER(g.Host) REGEXP '[a-f]' AND g.Host NOT LIKE '%:%')
                       THEN 'named'
                  ELSE 'public' END      AS host_kind
      FROM mysql.global_priv g
      WHERE g.Host NOT IN ('localhost', '127.0.0.1', '::1')
        AND COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
        AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')) a
WHERE a.host_kind IN ('any', 'public') OR a.user_name = 'root'
ORDER BY a.user_name <> 'root', a.host_kind, a.account
LIMIT 200
