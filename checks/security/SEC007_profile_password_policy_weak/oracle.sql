-- Password limits of every profile that an open, password-authenticated application account uses
-- (DBA_USERS.ORACLE_MAINTAINED = 'N'), with DEFAULT resolved to the DEFAULT profile's value, one row per
-- (profile, limit). LIMIT is text: a number of days or attempts (fractions allowed, e.g. 1/24), UNLIMITED,
-- NULL, or a function name for PASSWORD_VERIFY_FUNCTION.
WITH used AS (
  SELECT u.profile, COUNT(*) AS accounts, MIN(u.username) AS example
  FROM dba_users u
  WHERE u.oracle_maintained = 'N'
    AND u.account_status = 'OPEN'
    AND u.authentication_type = 'PASSWORD'
  GROUP BY u.profile
)
SELECT p.profile                                                               AS profile,
       used.accounts                                                           AS accounts,
       used.example                                                            AS example,
       p.resource_name                                                         AS resource_name,
       CASE WHEN p.limit = 'DEFAULT' THEN d.limit ELSE p.limit END             AS limit
FROM dba_profiles p
JOIN used ON used.profile = p.profile
LEFT JOIN dba_profiles d ON d.profile = 'DEFAULT' AND d.resource_name = p.resource_name
WHERE p.resource_type = 'PASSWORD'
  AND p.resource_name IN ('FAILED_LOGIN_ATTEMPTS', 'PASSWORD_LIFE_TIME', 'PASSWORD_REUSE_MAX', 'PASSWORD_REUSE_TIME',
                          'PASSWORD_LOCK_TIME', 'PASSWORD_GRACE_TIME', 'PASSWORD_VERIFY_FUNCTION')
ORDER BY 1, 4
