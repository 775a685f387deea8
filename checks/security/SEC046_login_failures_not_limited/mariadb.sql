-- MariaDB 10.4.2+: max_password_errors blocks an account after that many failed password attempts
-- until FLUSH PRIVILEGES (4294967295, the default, is no limit). The server does not apply it to
-- accounts with SUPER / CONNECTION ADMIN, nor to unix-socket, localhost, 127.0.0.1 or ::1
-- connections (MariaDB documentation).
SELECT 'max_password_errors'           AS name,
       'global'                        AS scope,
       @@GLOBAL.max_password_errors    AS failed_logins_limit,
       'until FLUSH PRIVILEGES'        AS lock_time,
       1                               AS total
