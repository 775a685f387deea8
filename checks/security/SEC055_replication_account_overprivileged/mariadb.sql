-- Global privileges of every login account that holds REPLICATION SLAVE (a replica's account) —
-- directly, through a role (nested roles included) or through PUBLIC (10.11+) — one row per
-- (account, source): via_role NULL = granted to the account itself; role_active 'default' = its
-- default role (or one nested in it), 'set_role' = granted but activated only by SET ROLE, 'public' =
-- granted TO PUBLIC. The judge names the accounts holding more than replication needs.
-- information_schema.USER_PRIVILEGES lists neither roles nor PUBLIC (measured on 10.11), so
-- privileges are read from mysql.global_priv's access bits as the server's own mysql.user view
-- decodes them (bit n = the privilege sql/privilege.h numbers n; 10 is GRANT OPTION, 19 REPLICATION
-- SLAVE; 11.3's SHOW CREATE ROUTINE, bit 39, is left out: mysql@localhost's access is every bit set).
-- Roles and locked accounts cannot log in. Bounded: 200 accounts; total = accounts found.
WITH RECURSIVE
acct AS (
  SELECT g.User AS user_name, g.Host AS host_name,
         JSON_VALUE(g.Priv, '$.default_role') AS default_role,
         CAST(COALESCE(JSON_VALUE(g.Priv, '$.access'), '0') AS UNSIGNED) AS access
  FROM mysql.global_priv g
  WHERE COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
    AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')),
held (user_name, host_name, role, active, depth) AS (
  SELECT a.user_name, a.host_name, m.Role, IF(m.Role = a.default_role, 'default', 'set_role'), 1
  FROM acct a JOIN mysql.roles_mapping m ON m.User = a.user_name AND m.Host = a.host_name
  UNION
  SELECT h.user_name, h.host_name, m.Role, h.active, h.depth + 1
  FROM held h JOIN mysql.roles_mapping m ON m.User = h.role AND m.Host = ''
  WHERE h.depth < 10),
src AS (
  SELECT user_name, host_name, CAST(NULL AS CHAR(128)) AS via_role, 'direct' AS role_active, access FROM acct
  UNION ALL
  SELECT h.user_name, h.host_name, h.role, MIN(h.active),
         MAX(CAST(COALESCE(JSON_VALUE(r.Priv, '$.access'), '0') AS UNSIGNED))
  FROM held h JOIN mysql.global_priv r ON r.User = h.role AND r.Host = ''
  GROUP BY h.user_name, h.host_name, h.role
  UNION ALL
  SELECT a.user_name, a.host_name, 'PUBLIC', 'public', CAST(COALESCE(JSON_VALUE(p.Priv, '$.access'), '0') AS UNSIGNED)
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
         MAX(b.bit = 19) AS replicates
  FROM src s JOIN bits b ON s.access & (1 << b.bit) <> 0
  GROUP BY s.user_name, s.host_name, s.via_role, s.role_active),
repl AS (
  SELECT p.*, CONCAT(p.user_name, '@', p.host_name) AS account,
         MAX(p.replicates) OVER (PARTITION BY p.user_name, p.host_name) AS account_replicates
  FROM priv p),
ranked AS (
  SELECT r.*, DENSE_RANK() OVER (ORDER BY r.account) AS account_no FROM repl r WHERE r.account_replicates = 1)
SELECT account, user_name, host_name, via_role, role_active, privileges, total
FROM (SELECT r.*, MAX(r.account_no) OVER () AS total FROM ranked r) t
WHERE account_no <= 200
ORDER BY account_no, via_role IS NOT NULL, via_role
