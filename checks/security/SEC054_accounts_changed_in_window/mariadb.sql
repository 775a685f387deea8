-- Accounts created or given a password inside the inspection window (UTC, half-open [window_start,
-- window_end)): global_priv password_last_changed (epoch seconds) is set by CREATE USER, ALTER USER …
-- IDENTIFIED, SET PASSWORD; 0 means expired by hand (PASSWORD EXPIRE), which is no time. The server
-- keeps no other change time: a GRANT or REVOKE alone leaves no trace here. Roles have no password.
SELECT a.account, a.password_changed, a.state, COUNT(*) OVER () AS total
FROM (SELECT CONCAT(g.User, '@', g.Host) AS account,
             TIMESTAMP('1970-01-01') + INTERVAL CAST(JSON_VALUE(g.Priv, '$.password_last_changed') AS UNSIGNED) SECOND
                                         AS password_changed,
             IF(COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') IN ('1', 'true'), 'locked', 'open') AS state
      FROM mysql.global_priv g
      WHERE COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
        AND CAST(COALESCE(JSON_VALUE(g.Priv, '$.password_last_changed'), '0') AS UNSIGNED) > 0) a
WHERE a.password_changed >= :window_start AND a.password_changed < :window_end
ORDER BY a.password_changed DESC, a.account
LIMIT 200
