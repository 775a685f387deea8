-- EXECUTE granted to PUBLIC on SYS packages (DBA_TAB_PRIVS); the judge keeps the ones the CIS
-- benchmark says to revoke (network, file, SQL-building and job packages).
SELECT p.owner        AS owner,
       p.table_name   AS package_name,
       p.grantor      AS grantor
FROM dba_tab_privs p
WHERE p.grantee = 'PUBLIC'
  AND p.privilege = 'EXECUTE'
  AND p.owner = 'SYS'
  AND (p.table_name LIKE 'UTL%' OR p.table_name LIKE 'DBMS%' OR p.table_name = 'HTTPURITYPE')
ORDER BY p.table_name
