-- MySQL 8.0.19+: failed-login tracking is per account (CREATE/ALTER USER … FAILED_LOGIN_ATTEMPTS n
-- PASSWORD_LOCK_TIME d|UNBOUNDED, kept in mysql.user.User_attributes): one row per login account
-- with its limit (0: none) and lock time (-1: until unlocked). A first row gives the
-- connection_control plugin's failed-connection threshold when that plugin is active (it delays
-- logins after that many failures; CIS MySQL 8.0 2.18), NULL otherwise; MySQL 9.2+ replaces the plugin by
-- component_connection_control, whose component_connection_control.failed_connections_threshold exists
-- only while the component is loaded (MySQL 9.4 manual, Connection Control Component).
SELECT x.name, x.scope, x.failed_logins_limit, x.lock_time, COUNT(*) OVER () AS total
FROM (SELECT 'connection_control' AS name,
             'global'             AS scope,
             (SELECT MIN(CAST(v.VARIABLE_VALUE AS UNSIGNED))
              FROM performance_schema.global_variables v
              WHERE v.VARIABLE_NAME = 'component_connection_control.failed_connections_threshold'
                 OR (v.VARIABLE_NAME = 'connection_control_failed_connections_threshold'
                     AND EXISTS (SELECT 1 FROM information_schema.PLUGINS p
                                 WHERE p.PLUGIN_NAME = 'CONNECTION_CONTROL' AND p.PLUGIN_STATUS = 'ACTIVE'))) AS failed_logins_limit,
             'delays logins'      AS lock_time
      UNION ALL
      SELECT CONCAT(User, '@', Host),
             'account',
             CAST(COALESCE(JSON_EXTRACT(User_attributes, '$.Password_locking.failed_login_attempts'), 0) AS UNSIGNED),
             CAST(COALESCE(JSON_EXTRACT(User_attributes, '$.Password_locking.password_lock_time_days'), 0) AS CHAR)
      FROM mysql.user
      WHERE account_locked = 'N') x
ORDER BY x.scope = 'account', x.failed_logins_limit, x.name
LIMIT 200
