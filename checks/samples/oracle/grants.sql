-- The grants of application users and roles (and PUBLIC's system privileges and its grants on
-- application-owned objects), one (name, value = 1) pair each, for SEC009's privilege-change check:
--   sys:<grantee>:<system privilege>   role:<grantee>:<granted role>   obj:<grantee>:<privilege>:<owner>.<object>
-- with :admin / :grantable appended when held WITH ADMIN / GRANT OPTION. Oracle-maintained grantees (and
-- PUBLIC's thousands of grants on Oracle's own objects) are left out. The (truncated) pair says the
-- 5000-grant cap was reached, so a change past it could be missed.
WITH g AS (
  SELECT 'sys:' || s.grantee || ':' || s.privilege || DECODE(s.admin_option, 'YES', ':admin') AS name
  FROM dba_sys_privs s
  LEFT JOIN dba_users u ON u.username = s.grantee
  LEFT JOIN dba_roles r ON r.role = s.grantee
  WHERE s.grantee = 'PUBLIC' OR NVL(u.oracle_maintained, r.oracle_maintained) = 'N'
  UNION ALL
  SELECT 'role:' || p.grantee || ':' || p.granted_role || DECODE(p.admin_option, 'YES', ':admin')
  FROM dba_role_privs p
  LEFT JOIN dba_users u ON u.username = p.grantee
  LEFT JOIN dba_roles r ON r.role = p.grantee
  WHERE p.grantee = 'PUBLIC' OR NVL(u.oracle_maintained, r.oracle_maintained) = 'N'
  UNION ALL
  SELECT 'obj:' || t.grantee || ':' || t.privilege || ':' || t.owner || '.' || t.table_name
         || DECODE(t.grantable, 'YES', ':grantable')
  FROM dba_tab_privs t
  LEFT JOIN dba_users u ON u.username = t.grantee
  LEFT JOIN dba_roles r ON r.role = t.grantee
  JOIN dba_users o ON o.username = t.owner
  WHERE NVL(u.oracle_maintained, r.oracle_maintained) = 'N'
     OR (t.grantee = 'PUBLIC' AND o.oracle_maintained = 'N')
),
capped AS (
  SELECT g.name, COUNT(*) OVER () AS total FROM g ORDER BY g.name FETCH FIRST 5000 ROWS ONLY
)
SELECT c.name AS name, 1 AS value FROM capped c
UNION ALL
SELECT '(truncated)', 1 FROM dual WHERE (SELECT MAX(c.total) FROM capped c) > 5000
