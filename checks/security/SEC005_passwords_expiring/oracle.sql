-- Open (or grace-period) accounts of this container whose password expires soon or has expired into
-- its grace period: an application account that expires stops logging in. Oracle-maintained accounts
-- are left out. Days on the server's clock (SYSDATE).
SELECT u.username                                                AS username,
       u.account_status                                          AS account_status,
       u.profile                                                 AS profile,
       TO_CHAR(u.expiry_date, 'YYYY-MM-DD HH24:MI')              AS expiry_date,
       ROUND(u.expiry_date - SYSDATE, 1)                         AS days_left
FROM dba_users u
WHERE u.expiry_date IS NOT NULL
  AND u.oracle_maintained = 'N'
  AND (u.account_status = 'OPEN' OR u.account_status LIKE 'EXPIRED(GRACE)%')
ORDER BY u.expiry_date
FETCH FIRST 100 ROWS ONLY
