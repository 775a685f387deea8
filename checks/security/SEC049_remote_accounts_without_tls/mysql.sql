-- MySQL 8: remote login accounts with ssl_type '' (REQUIRE NONE), after a first row with
-- require_secure_transport (ON: every TCP login must use TLS). Local hosts left out (CIS MySQL 8.0 8.2).
SELECT x.object, x.kind, x.host_name, x.ssl_type, COUNT(*) OVER () AS total
FROM (SELECT 'require_secure_transport' AS object, 'setting' AS kind, NULL AS host_name,
             IF(@@GLOBAL.require_secure_transport, 'ON', 'OFF') AS ssl_type
      UNION ALL
      SELECT CONCAT(User, '@', Host), 'account', Host, 'NONE'
      FROM mysql.user
      WHERE Host NOT IN ('localhost', '127.0.0.1', '::1')
        AND ssl_type = ''
        AND account_locked = 'N') x
ORDER BY x.kind DESC, x.object
LIMIT 200
