-- Password lifetime: the server default (default_password_lifetime, days, 0 = never expires) with the
-- number of login accounts that follow it (global_priv password_lifetime absent or -1) and the oldest
-- of their passwords (setting a default expires every password older than it at the next login), then
-- every login account with a lifetime of its own (PASSWORD EXPIRE NEVER = 0, INTERVAL n DAY = n).
-- password_changed: password_last_changed (epoch seconds) as UTC; 0 there means expired by hand.
-- Only accounts that log in with a stored password have one to expire: at least one authentication
-- alternative (the top-level plugin, or an entry of auth_or — an empty {} entry stands for the top
-- level) is mysql_native_password, mysql_old_password, ed25519 or parsec, with a hash other than
-- 'invalid' (what mariadb-install-db gives root/mysql@localhost beside unix_socket). unix_socket,
-- PAM, GSSAPI-only accounts have nothing to expire. Roles and locked accounts have no password to rotate.
WITH alt AS (
    SELECT g.User, g.Host, g.Priv,
           COALESCE(JSON_VALUE(g.Priv, CONCAT('$.auth_or[', i.n, '].plugin')), JSON_VALUE(g.Priv, '$.plugin'),
                    'mysql_native_password') AS plugin,
           IF(JSON_VALUE(g.Priv, CONCAT('$.auth_or[', i.n, '].plugin')) IS NULL,
              JSON_VALUE(g.Priv, '$.authentication_string'),
              JSON_VALUE(g.Priv, CONCAT('$.auth_or[', i.n, '].authentication_string'))) AS hash
    FROM mysql.global_priv g
    JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) i
      ON i.n < COALESCE(JSON_LENGTH(g.Priv, '$.auth_or'), 1)
    WHERE COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
      AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')
),
login AS (
    SELECT User, Host, MAX(Priv) AS Priv
    FROM alt
    WHERE plugin IN ('mysql_native_password', 'mysql_old_password', 'ed25519', 'parsec')
      AND COALESCE(hash, '') <> 'invalid'
    GROUP BY User, Host
)
SELECT x.object, x.scope, x.lifetime_days, x.accounts, x.password_changed, x.oldest_password_changed,
       COUNT(*) OVER () AS total
FROM (SELECT 'default_password_lifetime'          AS object,
             'global'                             AS scope,
             @@GLOBAL.default_password_lifetime   AS lifetime_days,
             COUNT(*)                             AS accounts,
             NULL                                 AS password_changed,
             TIMESTAMP('1970-01-01') + INTERVAL MIN(NULLIF(CAST(COALESCE(JSON_VALUE(l.Priv, '$.password_last_changed'), '0')
                                                                AS UNSIGNED), 0)) SECOND AS oldest_password_changed
      FROM login l
      WHERE COALESCE(JSON_VALUE(l.Priv, '$.password_lifetime'), '-1') = '-1'
      UNION ALL
      SELECT CONCAT(l.User, '@', l.Host),
             'account',
             CAST(JSON_VALUE(l.Priv, '$.password_lifetime') AS UNSIGNED),
             1,
             TIMESTAMP('1970-01-01') + INTERVAL CAST(COALESCE(JSON_VALUE(l.Priv, '$.password_last_changed'), '0') AS UNSIGNED) SECOND,
             NULL
      FROM login l
      WHERE COALESCE(JSON_VALUE(l.Priv, '$.password_lifetime'), '-1') <> '-1') x
ORDER BY x.scope = 'account', x.lifetime_days = 0 DESC, x.lifetime_days DESC, x.object
LIMIT 200
