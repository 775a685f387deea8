-- Global privileges of login accounts whose host is not local, one row per (account, privilege);
-- grantable = YES where the account holds it WITH GRANT OPTION. The judge keeps the administrative
-- ones (its admin_privileges list) and names each account once. information_schema.USER_PRIVILEGES
-- lists every grantee only to a user holding SELECT on the mysql schema (measured on 10.11: with
-- SELECT on mysql.global_priv alone it shows the user's own row). host_kind as in SEC042.
SELECT a.account, a.user_name, a.host_name, a.host_kind,
       p.PRIVILEGE_TYPE   AS privilege,
       p.IS_GRANTABLE     AS grantable,
       COUNT(*) OVER ()   AS total
FROM information_schema.USER_PRIVILEGES p
JOIN (SELECT CONCAT('''', g.User, '''@''', g.Host, '''') AS grantee,
             CONCAT(g.User, '@', g.Host)                 AS account,
             g.User                                      AS user_name,
             g.Host                                      AS host_name,
             CASE WHEN LOWER(g.Host) REGEXP '^[%_.]*$' THEN 'any'
                  WHEN LOWER(g.Host) REGEXP '^(10[.]|192[.]168[.]|172[.](1[6-9]|2[0-9]|3[01])[.]|169[.]254[.]|f[cd][0-9a-f]{0,2}:|fe80:)'
                       THEN 'private'
                  WHEN LOWER(g.Host) REGEXP '[g-z]' OR (LOWER(g.Host) REGEXP '[a-f]' AND g.Host NOT LIKE '%:%')
                       THEN 'named'
                  ELSE 'public' END                      AS host_kind
      FROM mysql.global_priv g
      WHERE g.Host NOT IN ('localhost', '127.0.0.1', '::1')
        AND COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
        AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')) a
  ON a.grantee = p.GRANTEE
WHERE p.PRIVILEGE_TYPE <> 'USAGE'
ORDER BY a.account, p.PRIVILEGE_TYPE
LIMIT 2000
