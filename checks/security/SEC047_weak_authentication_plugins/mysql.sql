-- MySQL 8: login accounts on a deprecated authentication plugin, mysql_native_password (deprecated in
-- 8.0.34, off by default in 8.4) or sha256_password (deprecated in 8.0.16), with a password set (an
-- empty one is SEC040's); then the plugin new accounts get: default_authentication_plugin (8.0, CIS
-- MySQL 8.0 7.1) or authentication_policy (8.0.27+, the only one in 8.4), from
-- performance_schema.global_variables so a missing variable is no error. Roles and reserved accounts are locked.
SELECT x.object, x.kind, x.value, COUNT(*) OVER () AS total
FROM (SELECT CONCAT(User, '@', Host) AS object, 'account' AS kind, plugin AS value
      FROM mysql.user
      WHERE account_locked = 'N'
        AND plugin IN ('mysql_native_password', 'sha256_password')
        AND COALESCE(authentication_string, '') <> ''
      UNION ALL
      SELECT VARIABLE_NAME, 'setting', VARIABLE_VALUE
      FROM performance_schema.global_variables
      WHERE VARIABLE_NAME IN ('default_authentication_plugin', 'authentication_policy')) x
ORDER BY x.kind DESC, x.value DESC, x.object
LIMIT 500
