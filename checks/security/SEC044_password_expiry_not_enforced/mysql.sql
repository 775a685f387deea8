-- MySQL 8: the server default (default_password_lifetime, days, 0 = never) with the login accounts that
-- follow it (mysql.user.password_lifetime NULL) and the oldest of their passwords (setting a default
-- expires every password older than it at the next login), then each login account with its own
-- lifetime (PASSWORD EXPIRE NEVER = 0, INTERVAL n DAY = n). password_last_changed is a TIMESTAMP:
-- UNIX_TIMESTAMP gives its instant whatever the session time zone, shown as UTC. Only accounts that log
-- in with a stored password have one to expire (plugin caching_sha2_password, mysql_native_password or
-- sha256_password; auth_socket, mysql_no_login, LDAP, PAM, Kerberos … keep none here). Roles and
-- reserved accounts are locked.
SELECT x.object, x.scope, x.lifetime_days, x.accounts, x.password_changed, x.oldest_password_changed,
       COUNT(*) OVER () AS total
FROM (SELECT 'default_password_lifetime'        AS object,
             'global'                           AS scope,
             @@GLOBAL.default_password_lifetime AS lifetime_days,
             COUNT(*)                           AS accounts,
             NULL                               AS password_changed,
             TIMESTAMP('1970-01-01') + INTERVAL MIN(UNIX_TIMESTAMP(password_last_changed)) SECOND AS oldest_password_changed
      FROM mysql.user
      WHERE account_locked = 'N' AND password_lifetime IS NULL
        AND plugin IN ('caching_sha2_password', 'mysql_native_password', 'sha256_password')
      UNION ALL
      SELECT CONCAT(User, '@', Host),
             'account',
             password_lifetime,
             1,
             TIMESTAMP('1970-01-01') + INTERVAL UNIX_TIMESTAMP(password_last_changed) SECOND,
             NULL
      FROM mysql.user
      WHERE account_locked = 'N' AND password_lifetime IS NOT NULL
        AND plugin IN ('caching_sha2_password', 'mysql_native_password', 'sha256_password')) x
ORDER BY x.scope = 'account', x.lifetime_days = 0 DESC, x.lifetime_days DESC, x.object
LIMIT 200
