-- MySQL 8.0.21+ (8.0.0-8.0.20: mysql.sql): whether the main connection interface has TLS enabled, from
-- performance_schema.tls_channel_status (CHANNEL mysql_main, PROPERTY Enabled: Yes/No; 8.0.21+) —
-- have_ssl, deprecated in 8.0.26, is gone in 8.4 (Server Version Reference: removed in 8.4.0), so
-- without this row TLS off could not be told there; have_ssl still where the server has it,
-- require_secure_transport, tls_version, and the server certificate's expiry (Ssl_server_not_after
-- status, UTC) with the days left (a variable the server lacks is simply not returned).
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
UNION ALL
SELECT 'tls_channel', VALUE, NULL
FROM performance_schema.tls_channel_status
WHERE CHANNEL = 'mysql_main' AND PROPERTY = 'Enabled'
