-- Accounts still using a default password (DBA_USERS_WITH_DEFPWD), with their status: an OPEN one can
-- be logged into with a published password. From a PDB this lists local users; common users from the root.
SELECT d.username           AS username,
       u.account_status     AS account_status,
       u.oracle_maintained  AS oracle_maintained,
       d.product            AS product
FROM dba_users_with_defpwd d
JOIN dba_users u ON u.username = d.username
ORDER BY CASE WHEN u.account_status = 'OPEN' THEN 0 ELSE 1 END, d.username
