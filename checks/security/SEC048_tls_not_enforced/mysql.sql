-- MySQL 8.0.0-8.0.20 (8.0.21+: mysql@8.0.21.sql): have_ssl (YES / DISABLED), require_secure_transport,
-- tls_version, and the server certificate's expiry (Ssl_server_not_after status, UTC) with the days
-- left, from performance_schema (a variable the server lacks is simply not returned).
SELECT VARIABLE_NAME AS name, VARIABLE_VALUE AS setting, NULL AS days_left
FROM performance_schema.global_variables
WHERE VARIABLE_NAME IN ('have_ssl', 'require_secure_transport', 'tls_version')
UNION ALL
SELECT 'server_certificate',
       CAST(c.not_after AS CHAR),
       TIMESTAMPDIFF(DAY, UTC_TIMESTAMP(), c.not_after)
FROM (SELECT STR_TO_DATE(REPLACE(VARIABLE_VALUE, '  ', ' '), '%b %e %H:%i:%s %Y GMT') AS not_after
      FROM performance_schema.global_status
      WHERE VARIABLE_NAME = 'Ssl_server_not_after' AND VARIABLE_VALUE <> '') c
