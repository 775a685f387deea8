-- Accounts of this container that can log in and whose password expires soon, or has expired into its
-- grace period: an application account that expires stops logging in. Oracle-maintained accounts are
-- kept (only the ones that can log in have a password that expires: SYS, SYSTEM, DBSNMP where EM uses
-- it). On the first login after its expiry an account becomes EXPIRED(GRACE) and EXPIRY_DATE moves to
-- the end of the grace period (NULL with an unlimited grace), so a grace account is listed whatever
-- its expiry date. Days on the server's clock (SYSDATE).
SELECT u.username                                                AS username,
       u.account_status                                          AS account_status,
       u.profile                                                 AS profile,
       u.oracle_maintained                                       AS oracle_maintained,
       TO_CHAR(u.expiry_date, 'YYYY-MM-DD HH24:MI')              AS expiry_date,
       ROUND(u.expiry_date - SYSDATE, 1)                         AS days_left
FROM dba_users u
WHERE (u.account_status = 'OPEN' AND u.expiry_date IS NOT NULL)
   OR u.account_status LIKE 'EXPIRED(GRACE)%'
ORDER BY CASE WHEN u.account_status LIKE 'EXPIRED(GRACE)%' THEN 0 ELSE 1 END, u.expiry_date
FETCH FIRST 100 ROWS ONLY
