-- System privileges with ANY (SELECT ANY TABLE, GRANT ANY ROLE …) and other instance-wide powers held by
-- application users or roles, or by PUBLIC (DBA_SYS_PRIVS; grantee Oracle-maintained per DBA_USERS or
-- DBA_ROLES.ORACLE_MAINTAINED is left out), plus the accounts in the password file with an administrative
-- privilege (V$PWFILE_USERS: SYSDBA, SYSOPER, SYSBACKUP, SYSDG, SYSKM, SYSASM; Oracle's own
-- administrative users SYS, SYSBACKUP, SYSDG, SYSKM, SYSRAC, SYSASM are left out). The monitoring user's own
-- SELECT ANY DICTIONARY (one of the grants the README offers it) is not listed.
SELECT 'SYSTEM PRIVILEGE'                           AS kind,
       s.grantee                                    AS grantee,
       s.privilege                                  AS privilege,
       s.admin_option                               AS admin_option,
       NVL(u.account_status, CASE WHEN s.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE 'ROLE' END) AS grantee_type
FROM dba_sys_privs s
LEFT JOIN dba_users u ON u.username = s.grantee
LEFT JOIN dba_roles r ON r.role = s.grantee
WHERE (s.grantee = 'PUBLIC' OR NVL(u.oracle_maintained, r.oracle_maintained) = 'N')
  AND (s.privilege LIKE '% ANY %' OR s.privilege LIKE '% ANY'
       OR s.privilege IN ('ALTER SYSTEM', 'ALTER DATABASE', 'ALTER USER', 'BECOME USER', 'CREATE USER', 'DROP USER',
                          'AUDIT SYSTEM', 'EXEMPT ACCESS POLICY', 'EXEMPT REDACTION POLICY', 'CREATE PUBLIC DATABASE LINK'))
  AND NOT (s.grantee = SYS_CONTEXT('USERENV', 'SESSION_USER') AND s.privilege = 'SELECT ANY DICTIONARY')
UNION ALL
SELECT 'PASSWORD FILE', w.username,
       RTRIM(DECODE(w.sysdba, 'TRUE', 'SYSDBA ') || DECODE(w.sysoper, 'TRUE', 'SYSOPER ') ||
             DECODE(w.sysbackup, 'TRUE', 'SYSBACKUP ') || DECODE(w.sysdg, 'TRUE', 'SYSDG ') ||
             DECODE(w.syskm, 'TRUE', 'SYSKM ') || DECODE(w.sysasm, 'TRUE', 'SYSASM')),
       NULL, w.account_status
FROM v$pwfile_users w
WHERE w.username NOT IN ('SYS', 'SYSBACKUP', 'SYSDG', 'SYSKM', 'SYSRAC', 'SYSASM')
ORDER BY 1, 2, 3
FETCH FIRST 500 ROWS ONLY
