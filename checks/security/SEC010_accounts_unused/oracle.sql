-- Open, password-authenticated application accounts (DBA_USERS.ORACLE_MAINTAINED = 'N') that have not logged
-- in for long, or never did: LAST_LOGIN (12.1+, TIMESTAMP WITH TIME ZONE; NULL = never, or not recorded:
-- Oracle does not record logins AS SYSDBA/SYSOPER/… there) in days before now, and the account's age.
SELECT u.username                                                                        AS username,
       u.account_status                                                                  AS account_status,
       u.profile                                                                         AS profile,
       TO_CHAR(u.created, 'YYYY-MM-DD')                                                  AS created,
       TO_CHAR(u.last_login, 'YYYY-MM-DD HH24:MI TZH:TZM')                               AS last_login,
       ROUND(CAST(SYSTIMESTAMP AS DATE) - CAST(u.last_login AS DATE), 1)                 AS days_since_login,
       ROUND(SYSDATE - u.created, 1)                                                     AS days_since_created
FROM dba_users u
WHERE u.oracle_maintained = 'N'
  AND u.account_status = 'OPEN'
  AND u.authentication_type = 'PASSWORD'
ORDER BY u.last_login NULLS FIRST, u.username
FETCH FIRST 500 ROWS ONLY
