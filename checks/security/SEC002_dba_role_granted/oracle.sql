-- Who holds the DBA role directly (DBA_ROLE_PRIVS), besides Oracle-maintained accounts.
SELECT p.grantee          AS grantee,
       p.admin_option     AS admin_option,
       p.common           AS common,
       u.account_status   AS account_status
FROM dba_role_privs p
LEFT JOIN dba_users u ON u.username = p.grantee
WHERE p.granted_role = 'DBA'
  AND NVL(u.oracle_maintained, 'N') = 'N'
ORDER BY p.grantee
