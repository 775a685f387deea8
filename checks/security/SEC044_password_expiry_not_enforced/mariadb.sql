-- Password lifetime: the server default (default_password_lifetime, days, 0 = never expires) with the
-- number of login accounts that follow it (global_priv password_lifetime absent or -1), then every
-- login account with a lifetime of its own (PASSWORD EXPIRE NEVER = 0, INTERVAL n DAY = n).
-- password_changed: password_last_changed (epoch seconds) as UTC; 0 there means expired by hand.
-- Roles and locked accounts have no password to rotate.
SELECT x.object, x.scope, x.lifetime_days, x.accounts, x.password_changed, COUNT(*) OVER () AS total
FROM (SELECT 'default_password_lifetime'          AS object,
             'global'                             AS scope,
             @@GLOBAL.default_password_lifetime   AS lifetime_days,
             (SELECT COUNT(*) FROM mysql.global_priv g
              WHERE COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
                AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')
                AND COALESCE(JSON_VALUE(g.Priv, '$.password_lifetime'), '-1') = '-1') AS accounts,
             NULL                                 AS password_changed
      UNION ALL
      SELECT CONCAT(g.User, '@', g.Host),
             'account',
             CAST(JSON_VALUE(g.Priv, '$.password_lifetime') AS UNSIGNED),
             1,
             TIMESTAMP('1970-01-01') + INTERVAL CAST(COALESCE(JSON_VALUE(g.Priv, '$.password_last_changed'), '0') AS UNSIGNED) SECOND
      FROM mysql.global_priv g
      WHERE COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
        AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')
        AND COALESCE(JSON_VALUE(g.Priv, '$.password_lifetime'), '-1') <> '-1') x
ORDER BY x.scope = 'account', x.lifetime_days = 0 DESC, x.lifetime_days DESC, x.object
LIMIT 200
