-- MySQL 8: login accounts whose password is empty. caching_sha2_password (the 8.0 default),
-- sha256_password and mysql_native_password keep an empty authentication_string for IDENTIFIED BY ''
-- (CIS MySQL 8.0 7.3 audit); auth_socket, LDAP, PAM, Kerberos plugins take no password. A role is a
-- locked account (CREATE ROLE), like the reserved mysql.sys / mysql.session / mysql.infoschema.
SELECT CONCAT(User, '@', Host) AS account,
       User                    AS user_name,
       Host                    AS host_name,
       plugin                  AS plugin,
       COUNT(*) OVER ()        AS total
FROM mysql.user
WHERE account_locked = 'N'
  AND plugin IN ('mysql_native_password', 'caching_sha2_password', 'sha256_password')
  AND COALESCE(authentication_string, '') = ''
ORDER BY account
LIMIT 200
