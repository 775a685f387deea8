-- Encrypted connections, server side: have_ssl (YES only with a certificate and key loaded; DISABLED
-- otherwise), require_secure_transport (10.5.2+: ON refuses TCP clients that do not use TLS; Unix socket
-- connections count as secure), tls_version (the protocol versions accepted, static), and the server
-- certificate's expiry from the Ssl_server_not_after status ('Dec 21 11:52:50 2026 GMT', UTC), with
-- the days left. information_schema needs no privilege.
SELECT LOWER(VARIABLE_NAME) AS name, VARIABLE_VALUE AS setting, NULL AS days_left
FROM information_schema.GLOBAL_VARIABLES
WHERE VARIABLE_NAME IN ('HAVE_SSL', 'REQUIRE_SECURE_TRANSPORT', 'TLS_VERSION')
UNION ALL
SELECT 'server_certificate',
       CAST(c.not_after AS CHAR),
       TIMESTAMPDIFF(DAY, UTC_TIMESTAMP(), c.not_after)
FROM (SELECT STR_TO_DATE(REPLACE(VARIABLE_VALUE, '  ', ' '), '%b %e %H:%i:%s %Y GMT') AS not_after
      FROM information_schema.GLOBAL_STATUS
      WHERE VARIABLE_NAME = 'SSL_SERVER_NOT_AFTER' AND VARIABLE_VALUE <> '') c
