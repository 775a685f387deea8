-- Login accounts that accept an empty password. An account may authenticate in several ways
-- (IDENTIFIED VIA a OR b: global_priv's auth_or array, where {} stands for the main plugin and
-- hash); it is at fault when any of them is mysql_native_password or mysql_old_password with an empty
-- hash. No plugin at all is mysql_native_password with no hash (measured on 10.11: such a root@localhost
-- logs in without a password). ed25519 with an empty string accepts no password at all (measured);
-- unix_socket, pam and gssapi take no password. Roles and locked accounts cannot log in. JSON_TABLE: 10.6+.
SELECT a.account,
       a.user_name,
       a.host_name,
       GROUP_CONCAT(DISTINCT a.plugin ORDER BY a.plugin SEPARATOR ', ') AS plugin,
       COUNT(*) OVER ()                                                AS total
FROM (SELECT CONCAT(g.User, '@', g.Host) AS account,
             g.User                      AS user_name,
             g.Host                      AS host_name,
             CASE WHEN m.plugin IS NULL
                  THEN COALESCE(JSON_VALUE(g.Priv, '$.plugin'), 'mysql_native_password')
                  ELSE m.plugin END      AS plugin,
             CASE WHEN m.plugin IS NULL
                  THEN COALESCE(JSON_VALUE(g.Priv, '$.authentication_string'), '')
                  ELSE COALESCE(m.auth, '') END AS auth
      FROM mysql.global_priv g
      JOIN JSON_TABLE(COALESCE(JSON_EXTRACT(g.Priv, '$.auth_or'), '[{}]'), '$[*]'
                      COLUMNS (plugin VARCHAR(64) PATH '$.plugin',
                               auth   TEXT        PATH '$.authentication_string')) m
      WHERE COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
        AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')) a
WHERE a.plugin IN ('mysql_native_password', 'mysql_old_password')
  AND a.auth = ''
GROUP BY a.account, a.user_name, a.host_name
ORDER BY a.account
LIMIT 200
