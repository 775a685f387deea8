-- Global privileges of login accounts whose host is not local, held directly, through a role
-- (nested roles included) or through PUBLIC (10.11+), one row per (account, source): via_role NULL =
-- granted to the account itself; role_active 'default' = its default role (or one nested in it, active
-- at login), 'set_role' = granted but activated only by SET ROLE (still usable by that account),
-- 'public' = granted TO PUBLIC, held by every account. information_schema.USER_PRIVILEGES lists neither
-- roles nor PUBLIC (measured on 10.11), so privileges are read from mysql.global_priv's access bits,
-- as the server's own mysql.user view decodes them (bit n = the privilege sql/privilege.h numbers n;
-- bit 10 is GRANT OPTION; bits 29-38 are 10.3-10.5 additions. 11.3's SHOW CREATE ROUTINE, bit 39,
-- is left out: no administrative privilege, and mysql@localhost's access is every bit set on 10.11). A write
-- privilege on the mysql schema (mysql.db / mysql.tables_priv, same sources) is the token WRITE ON mysql.
-- The judge keeps the administrative ones (its admin_privileges list). Bounded by account: the 200 accounts
-- holding most, any-host ones first; total = accounts with any global privilege. host_kind as in SEC042.
WITH RECURSIVE
acct AS (
  SELECT g.User AS user_name, g.Host AS host_name,
         JSON_VALUE(g.Priv, '$.default_role') AS default_role,
         CAST(COALESCE(JSON_VALUE(g.Priv, '$.access'), '0') AS UNSIGNED) AS access
  FROM mysql.global_priv g
  WHERE g.Host NOT IN ('localhost', '127.0.0.1', '::1')
    AND COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
    AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')),
held (user_name, host_name, role, active, depth) AS (
  SELECT a.user_name, a.host_name, m.Role, IF(m.Role = a.default_role, 'default', 'set_role'), 1
  FROM acct a JOIN mysql.roles_mapping m ON m.User = a.user_name AND m.Host = a.host_name
  UNION
  SELECT h.user_name, h.host_name, m.Role, h.active, h.depth + 1
  FROM held h JOIN mysql.roles_mapping m ON m.User = h.role AND m.Host = ''
  WHERE h.depth < 10),
src AS (  -- each source, with the grantee its db/table-level grants are stored under (g_user, g_host)
  SELECT user_name, host_name, CAST(NULL AS CHAR(128)) AS via_role, 'direct' AS role_active, access,
         user_name AS g_user, host_name AS g_host
  FROM acct
  UNION ALL
  SELECT h.user_name, h.host_name, h.role, MIN(h.active),
         MAX(CAST(COALESCE(JSON_VALUE(r.Priv, '$.access'), '0') AS UNSIGNED)), h.role, ''
  FROM held h JOIN mysql.global_priv r ON r.User = h.role AND r.Host = ''
  GROUP BY h.user_name, h.host_name, h.role
  UNION ALL
  SELECT a.user_name, a.host_name, 'PUBLIC', 'public', CAST(COALESCE(JSON_VALUE(p.Priv, '$.access'), '0') AS UNSIGNED),
         'PUBLIC', ''
  FROM acct a JOIN mysql.global_priv p ON p.User = 'PUBLIC' AND p.Host = ''
                  AND COALESCE(JSON_VALUE(p.Priv, '$.is_role'), '0') IN ('1', 'true')),
bits (bit, privilege) AS (
  SELECT 0, 'SELECT' UNION ALL SELECT 1, 'INSERT' UNION ALL SELECT 2, 'UPDATE' UNION ALL SELECT 3, 'DELETE'
  UNION ALL SELECT 4, 'CREATE' UNION ALL SELECT 5, 'DROP' UNION ALL SELECT 6, 'RELOAD' UNION ALL SELECT 7, 'SHUTDOWN'
  UNION ALL SELECT 8, 'PROCESS' UNION ALL SELECT 9, 'FILE' UNION ALL SELECT 10, 'GRANT OPTION'
  UNION ALL SELECT 11, 'REFERENCES' UNION ALL SELECT 12, 'INDEX' UNION ALL SELECT 13, 'ALTER'
  UNION ALL SELECT 14, 'SHOW DATABASES' UNION ALL SELECT 15, 'SUPER' UNION ALL SELECT 16, 'CREATE TEMPORARY TABLES'
  UNION ALL SELECT 17, 'LOCK TABLES' UNION ALL SELECT 18, 'EXECUTE' UNION ALL SELECT 19, 'REPLICATION SLAVE'
  UNION ALL SELECT 20, 'BINLOG MONITOR' UNION ALL SELECT 21, 'CREATE VIEW' UNION ALL SELECT 22, 'SHOW VIEW'
  UNION ALL SELECT 23, 'CREATE ROUTINE' UNION ALL SELECT 24, 'ALTER ROUTINE' UNION ALL SELECT 25, 'CREATE USER'
  UNION ALL SELECT 26, 'EVENT' UNION ALL SELECT 27, 'TRIGGER' UNION ALL SELECT 28, 'CREATE TABLESPACE'
  UNION ALL SELECT 29, 'DELETE HISTORY' UNION ALL SELECT 30, 'SET USER' UNION ALL SELECT 31, 'FEDERATED ADMIN'
  UNION ALL SELECT 32, 'CONNECTION ADMIN' UNION ALL SELECT 33, 'READ_ONLY ADMIN'
  UNION ALL SELECT 34, 'REPLICATION SLAVE ADMIN' UNION ALL SELECT 35, 'REPLICATION MASTER ADMIN'
  UNION ALL SELECT 36, 'BINLOG ADMIN' UNION ALL SELECT 37, 'BINLOG REPLAY' UNION ALL SELECT 38, 'SLAVE MONITOR'),
priv AS (
  SELECT s.user_name, s.host_name, s.via_role, s.role_active,
         GROUP_CONCAT(b.privilege ORDER BY b.privilege SEPARATOR ', ') AS privileges,
         COUNT(*) AS n
  FROM src s JOIN bits b ON s.access & (1 << b.bit) <> 0
  GROUP BY s.user_name, s.host_name, s.via_role, s.role_active
  UNION ALL  -- writing the grant tables is administering the server (CIS 5.1): a database-level grant whose
             -- pattern matches the mysql schema, or a table-level one in it, of a write privilege
  SELECT s.user_name, s.host_name, s.via_role, s.role_active, 'WRITE ON mysql', 1
  FROM src s
  WHERE EXISTS (SELECT 1 FROM mysql.db d
                WHERE d.User = s.g_user AND d.Host = s.g_host AND 'mysql' LIKE d.Db
                  AND 'Y' IN (d.Insert_priv, d.Update_priv, d.Delete_priv, d.Create_priv, d.Drop_priv, d.Alter_priv))
     OR EXISTS (SELECT 1 FROM mysql.tables_priv t
                WHERE t.User = s.g_user AND t.Host = s.g_host AND t.Db = 'mysql'
                  AND (FIND_IN_SET('Insert', t.Table_priv) OR FIND_IN_SET('Update', t.Table_priv)
                       OR FIND_IN_SET('Delete', t.Table_priv) OR FIND_IN_SET('Create', t.Table_priv)
                       OR FIND_IN_SET('Drop', t.Table_priv) OR FIND_IN_SET('Alter', t.Table_priv)))),
kinds AS (
  SELECT p.*, CONCAT(p.user_name, '@', p.host_name) AS account,
         CASE WHEN LOWER(p.host_name) REGEXP '^[%_.]*$' THEN 'any'
              WHEN LOWER(p.host_name) REGEXP '^(10[.]|192[.]168[.]|172[.](1[6-9]|2[0-9]|3[01])[.]|169[.]254[.]|f[cd][0-9a-f]{0,2}:|fe80:)'
                   THEN 'private'
              WHEN LOWER(p.host_name) REGEXP '[g-z]' OR (LOWER(p.host_name) REGEXP '[a-f]' AND p.host_name NOT LIKE '%:%')
                   THEN 'named'
              ELSE 'public' END AS host_kind,
         SUM(p.n) OVER (PARTITION BY p.user_name, p.host_name) AS account_n
  FROM priv p),
ranked AS (
  SELECT k.*, DENSE_RANK() OVER (ORDER BY k.host_kind <> 'any', k.account_n DESC, k.account) AS account_no
  FROM kinds k)
SELECT account, user_name, host_name, host_kind, via_role, role_active, privileges, total
FROM (SELECT r.*, MAX(r.account_no) OVER () AS total FROM ranked r) t
WHERE account_no <= 200
ORDER BY account_no, via_role IS NOT NULL, via_role
