-- MySQL 8: accounts created or given a password inside the window (UTC, half-open): mysql.user
-- password_last_changed is a TIMESTAMP (UNIX_TIMESTAMP gives its instant whatever the session time zone).
-- A role (a locked account with no password) keeps the time of its CREATE ROLE; GRANT/REVOKE leave none.
SELECT a.account, a.password_changed, a.state, COUNT(*) OVER () AS total
FROM (SELECT CONCAT(User, '@', Host) AS account,
             TIMESTAMP('1970-01-01') + INTERVAL UNIX_TIMESTAMP(password_last_changed) SECOND AS password_changed,
             IF(account_locked = 'Y', 'locked', 'open') AS state
      FROM mysql.user
      WHERE password_last_changed IS NOT NULL) a
WHERE a.password_changed >= :window_start AND a.password_changed < :window_end
ORDER BY a.password_changed DESC, a.account
LIMIT 200
