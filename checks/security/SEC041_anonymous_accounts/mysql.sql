-- MySQL 8: anonymous accounts (User = ''), open or locked (CIS MySQL 8.0 7.7 audit query).
SELECT CONCAT(User, '@', Host)                               AS account,
       CONCAT('''''@''', Host, '''')                          AS grantee,
       Host                                                   AS host_name,
       CASE WHEN account_locked = 'Y' THEN 'locked' ELSE 'open' END AS state,
       COUNT(*) OVER ()                                       AS total
FROM mysql.user
WHERE User = ''
ORDER BY state DESC, account
LIMIT 200
