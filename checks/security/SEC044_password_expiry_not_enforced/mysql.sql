-- MySQL 8: the server default (default_password_lifetime, days, 0 = never) with the login accounts that
-- follow it (mysql.user.password_lifetime NULL), then each login account with its own lifetime
-- (PASSWORD EXPIRE NEVER = 0, INTERVAL n DAY = n). password_last_changed is a TIMESTAMP: UNIX_TIMESTAMP
-- gives its instant whatever the session time zone, shown as UTC. Roles and reserved accounts are locked.
SELECT x.object, x.scope, x.lifetime_days, x.accounts, x.password_changed, COUNT(*) OVER () AS total
FROM (SELECT 'default_password_lifetime'        AS object,
             'global'                           AS scope,
             @@GLOBAL.default_password_lifetime AS lifetime_days,
             (SELECT COUNT(*) FROM mysql.user
              WHERE account_locked = 'N' AND password_lifetime IS NULL) AS accounts,
             NULL                               AS password_changed
      UNION ALL
      SELECT CONCAT(User, '@', Host),
             'account',
             password_lifetime,
             1,
             TIMESTAMP('1970-01-01') + INTERVAL UNIX_TIMESTAMP(password_last_changed) SECOND
      FROM mysql.user
      WHERE account_locked = 'N' AND password_lifetime IS NOT NULL) x
ORDER BY x.scope = 'account', x.lifetime_days = 0 DESC, x.lifetime_days DESC, x.object
LIMIT 200
