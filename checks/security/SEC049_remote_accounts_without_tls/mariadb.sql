-- Remote login accounts not required to use TLS (no REQUIRE SSL / X509 / ISSUER / SUBJECT / CIPHER:
-- global_priv ssl_type absent or 0; 1 = ANY, 2 = X509, 3 = SPECIFIED), after a first row with
-- require_secure_transport (10.5.2+: ON makes every TCP login use TLS, whatever the account says).
-- Local hosts (localhost, 127.0.0.1, ::1) are left out, as CIS does; roles and locked accounts cannot log in.
SELECT x.object, x.kind, x.host_name, x.ssl_type, COUNT(*) OVER () AS total
FROM (SELECT 'require_secure_transport' AS object, 'setting' AS kind, NULL AS host_name,
             IF(@@GLOBAL.require_secure_transport, 'ON', 'OFF') AS ssl_type
      UNION ALL
      SELECT CONCAT(g.User, '@', g.Host), 'account', g.Host, 'NONE'
      FROM mysql.global_priv g
      WHERE g.Host NOT IN ('localhost', '127.0.0.1', '::1')
        AND COALESCE(JSON_VALUE(g.Priv, '$.ssl_type'), '0') = '0'
        AND COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
        AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')) x
ORDER BY x.kind DESC, x.object
LIMIT 200
