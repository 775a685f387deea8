-- MySQL 8: global privileges of login accounts whose host is not local, one row per (account,
-- privilege): static ones from information_schema.USER_PRIVILEGES, dynamic ones (SYSTEM_USER,
-- BINLOG_ADMIN, …) also from mysql.global_grants (UNION drops the rows both list). Both need SELECT on
-- the mysql schema to show every account. Compared as utf8mb4: the information_schema and mysql
-- columns have different collations. host_kind as in SEC042.
SELECT a.account, a.user_name, a.host_name, a.host_kind, p.privilege, p.grantable,
       COUNT(*) OVER () AS total
FROM (SELECT CONVERT(GRANTEE USING utf8mb4)        AS grantee,
             CONVERT(PRIVILEGE_TYPE USING utf8mb4) AS privilege,
             CONVERT(IS_GRANTABLE USING utf8mb4)   AS grantable
      FROM information_schema.USER_PRIVILEGES
      UNION
      SELECT CONVERT(CONCAT('''', USER, '''@''', HOST, '''') USING utf8mb4),
             CONVERT(PRIV USING utf8mb4),
             CONVERT(IF(WITH_GRANT_OPTION = 'Y', 'YES', 'NO') USING utf8mb4)
      FROM mysql.global_grants) p
JOIN (SELECT CONVERT(CONCAT('''', User, '''@''', Host, '''') USING utf8mb4) AS grantee,
             CONCAT(User, '@', Host)                                      AS account,
             User                                                         AS user_name,
             Host                                                         AS host_name,
             CASE WHEN LOWER(Host) REGEXP '^[%_.]*$' THEN 'any'
                  WHEN LOWER(Host) REGEXP '^(10[.]|192[.]168[.]|172[.](1[6-9]|2[0-9]|3[01])[.]|169[.]254[.]|f[cd][0-9a-f]{0,2}:|fe80:)'
                       THEN 'private'
                  WHEN LOWER(Host) REGEXP '[g-z]' OR (LOWER(Host) REGEXP '[a-f]' AND Host NOT LIKE '%:%')
                       THEN 'named'
                  ELSE 'public' END                                       AS host_kind
      FROM mysql.user
      WHERE Host NOT IN ('localhost', '127.0.0.1', '::1')
        AND account_locked = 'N') a
  ON a.grantee = p.grantee
WHERE p.privilege <> 'USAGE'
ORDER BY a.account, p.privilege
LIMIT 2000
