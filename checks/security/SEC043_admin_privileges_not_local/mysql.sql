-- MySQL 8: global privileges of login accounts whose host is not local, held directly or through a
-- role, one row per (account, source): via_role NULL = granted to the account itself, else the role
-- (user@host) it comes from, nested roles included (mysql.role_edges, followed up to 10 levels) and
-- the roles @@mandatory_roles gives every account. role_active 'default' = active at login (a default
-- role in mysql.default_roles, or every granted role under activate_all_roles_on_login), 'set_role' =
-- granted but activated only by SET ROLE (still usable by that account). A role is an account (a
-- locked one when made by CREATE ROLE), so its privileges are read like any account's: static ones
-- from information_schema.USER_PRIVILEGES, dynamic ones (SYSTEM_USER, BINLOG_ADMIN, …) also from
-- mysql.global_grants (UNION drops the rows both list); held WITH GRANT OPTION adds GRANT OPTION.
-- Both need SELECT on the mysql schema to show every account. Compared as utf8mb4: the
-- information_schema and mysql columns have different collations. A write privilege on the mysql schema
-- (mysql.db / mysql.tables_priv, same sources) is the token WRITE ON mysql. The judge keeps the
-- administrative ones (its admin_privileges list). Bounded by account: the 200 accounts holding most, any-host ones
-- first; total = accounts with any global privilege. host_kind as in SEC042.
WITH RECURSIVE
mand (item, rest, n) AS (
  SELECT CAST(NULL AS CHAR(600)), CAST(CONCAT(@@GLOBAL.mandatory_roles, ',') AS CHAR(8192)), 0
  UNION ALL
  SELECT TRIM(SUBSTRING_INDEX(rest, ',', 1)), SUBSTRING(rest, LOCATE(',', rest) + 1), n + 1
  FROM mand WHERE rest <> '' AND n < 100),
mandatory AS (
  SELECT TRIM(BOTH '`' FROM TRIM(BOTH '''' FROM TRIM(SUBSTRING_INDEX(item, '@', 1)))) AS role_user,
         IF(LOCATE('@', item) > 0,
            TRIM(BOTH '`' FROM TRIM(BOTH '''' FROM TRIM(SUBSTRING_INDEX(item, '@', -1)))), '%') AS role_host
  FROM mand WHERE item IS NOT NULL AND item <> ''),
acct AS (
  SELECT User AS user_name, Host AS host_name
  FROM mysql.user
  WHERE Host NOT IN ('localhost', '127.0.0.1', '::1') AND account_locked = 'N'),
granted (user_name, host_name, role_user, role_host) AS (
  SELECT a.user_name, a.host_name, e.FROM_USER, e.FROM_HOST
  FROM acct a JOIN mysql.role_edges e ON e.TO_USER = a.user_name AND e.TO_HOST = a.host_name
  UNION
  SELECT a.user_name, a.host_name, m.role_user, m.role_host FROM acct a CROSS JOIN mandatory m),
held (user_name, host_name, role_user, role_host, active, depth) AS (
  SELECT g.user_name, g.host_name, g.role_user, g.role_host,
         IF(@@GLOBAL.activate_all_roles_on_login OR d.USER IS NOT NULL, 'default', 'set_role'), 1
  FROM granted g
  LEFT JOIN mysql.default_roles d
    ON d.USER = g.user_name AND d.HOST = g.host_name
   AND d.DEFAULT_ROLE_USER = g.role_user AND d.DEFAULT_ROLE_HOST = g.role_host
  UNION ALL
  SELECT h.user_name, h.host_name, e.FROM_USER, e.FROM_HOST, h.active, h.depth + 1
  FROM held h JOIN mysql.role_edges e ON e.TO_USER = h.role_user AND e.TO_HOST = h.role_host
  WHERE h.depth < 10),
src AS (  -- each source, with the grantee its db/table-level grants are stored under (g_user, g_host)
  SELECT a.user_name, a.host_name, CAST(NULL AS CHAR(400)) AS via_role, 'direct' AS role_active,
         CONVERT(CONCAT('''', a.user_name, '''@''', a.host_name, '''') USING utf8mb4) AS grantee,
         a.user_name AS g_user, a.host_name AS g_host
  FROM acct a
  UNION ALL
  SELECT h.user_name, h.host_name, CONCAT(h.role_user, '@', h.role_host), MIN(h.active),
         CONVERT(CONCAT('''', h.role_user, '''@''', h.role_host, '''') USING utf8mb4), h.role_user, h.role_host
  FROM held h
  GROUP BY h.user_name, h.host_name, h.role_user, h.role_host),
gp AS (
  SELECT CONVERT(GRANTEE USING utf8mb4) AS grantee, CONVERT(PRIVILEGE_TYPE USING utf8mb4) AS privilege
  FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE <> 'USAGE'
  UNION
  SELECT CONVERT(GRANTEE USING utf8mb4), CONVERT('GRANT OPTION' USING utf8mb4)
  FROM information_schema.USER_PRIVILEGES WHERE IS_GRANTABLE = 'YES'
  UNION
  SELECT CONVERT(CONCAT('''', USER, '''@''', HOST, '''') USING utf8mb4), CONVERT(PRIV USING utf8mb4)
  FROM mysql.global_grants
  UNION
  SELECT CONVERT(CONCAT('''', USER, '''@''', HOST, '''') USING utf8mb4), CONVERT('GRANT OPTION' USING utf8mb4)
  FROM mysql.global_grants WHERE WITH_GRANT_OPTION = 'Y'),
priv AS (
  SELECT s.user_name, s.host_name, s.via_role, s.role_active,
         GROUP_CONCAT(DISTINCT g.privilege ORDER BY g.privilege SEPARATOR ', ') AS privileges,
         COUNT(DISTINCT g.privilege) AS n
  FROM src s JOIN gp g ON g.grantee = s.grantee
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
