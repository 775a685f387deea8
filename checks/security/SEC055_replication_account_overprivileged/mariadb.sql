-- Global privileges of every login account that holds REPLICATION SLAVE (a replica's account), one
-- row per (account, privilege; grantable = WITH GRANT OPTION): the judge names those holding more
-- than replication needs. information_schema.USER_PRIVILEGES lists every grantee only to a holder of
-- SELECT on the mysql schema (measured on 10.11). Roles and locked accounts cannot log in.
SELECT a.account, a.user_name, a.host_name,
       p.PRIVILEGE_TYPE AS privilege,
       p.IS_GRANTABLE   AS grantable,
       COUNT(*) OVER () AS total
FROM information_schema.USER_PRIVILEGES p
JOIN (SELECT CONCAT('''', g.User, '''@''', g.Host, '''') AS grantee,
             CONCAT(g.User, '@', g.Host)                 AS account,
             g.User                                      AS user_name,
             g.Host                                      AS host_name
      FROM mysql.global_priv g
      WHERE COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
        AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')) a
  ON a.grantee = p.GRANTEE
WHERE p.GRANTEE IN (SELECT GRANTEE FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = 'REPLICATION SLAVE')
ORDER BY a.account, p.PRIVILEGE_TYPE
LIMIT 2000
