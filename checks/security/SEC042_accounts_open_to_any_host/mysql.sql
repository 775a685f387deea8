-- MySQL 8: login accounts usable from any host or a public network, and root from anywhere but the
-- local host; host_kind as in mariadb.sql (8.0.23+ also takes CIDR hosts, '10.0.0.0/8': private).
-- Roles and the reserved accounts are locked.
SELECT a.account, a.user_name, a.host_name, a.host_kind, COUNT(*) OVER () AS total
FROM (SELECT CONCAT(User, '@', Host) AS account,
             User                    AS user_name,
             Host                    AS host_name,
             CASE WHEN LOWER(Host) REGEXP '^[%_.]*$' THEN 'any'
                  WHEN LOWER(Host) REGEXP '^(10[.]|192[.]168[.]|172[.](1[6-9]|2[0-9]|3[01])[.]|169[.]254[.]|f[cd][0-9a-f]{0,2}:|fe80:)'
                       THEN 'private'
                  WHEN LOWER(Host) REGEXP '[g-z]' OR (LOWER(Host) REGEXP '[a-f]' AND Host NOT LIKE '%:%')
                       THEN 'named'
                  ELSE 'public' END  AS host_kind
      FROM mysql.user
      WHERE Host NOT IN ('localhost', '127.0.0.1', '::1')
        AND account_locked = 'N') a
WHERE a.host_kind IN ('any', 'public') OR a.user_name = 'root'
ORDER BY a.user_name <> 'root', a.host_kind, a.account
LIMIT 200
