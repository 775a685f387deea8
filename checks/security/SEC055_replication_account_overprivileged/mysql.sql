-- MySQL 8: global privileges (static from information_schema.USER_PRIVILEGES, dynamic also from
-- mysql.global_grants) of every login account holding REPLICATION SLAVE, one row per (account,
-- privilege); compared as utf8mb4 (the two schemas' collations differ). Needs SELECT on the mysql schema.
SELECT a.account, a.user_name, a.host_name, p.privilege, p.grantable, COUNT(*) OVER () AS total
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
             Host                                                         AS host_name
      FROM mysql.user
      WHERE account_locked = 'N' AND Repl_slave_priv = 'Y') a
  ON a.grantee = p.grantee
WHERE p.privilege <> 'USAGE'
ORDER BY a.account, p.privilege
LIMIT 2000
