-- MySQL 8 (MariaDB: mariadb.sql): the installer's test database and example schemas, and database
-- grants that apply to every account. Schemas: test, test_* (the patterns the old default grants opened
-- to all; PMM mysql_test_database) and the example databases CIS MySQL 8.0 4.2 names. SCHEMATA lists
-- every schema only to a holder of SHOW DATABASES. Grants to every account: mysql.db / tables_priv rows
-- with an empty User, and those of the roles @@mandatory_roles grants to every account (MySQL manual,
-- Mandatory Roles; a role named there is granted to all, active at login with
-- activate_all_roles_on_login or as a default role, else by SET ROLE).
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
  FROM mand WHERE item IS NOT NULL AND item <> '')
SELECT x.object, x.kind, x.name, x.host_name, x.privileges, COUNT(*) OVER () AS total
FROM (SELECT CONCAT('schema ', SCHEMA_NAME) AS object, 'schema' AS kind, SCHEMA_NAME AS name,
             NULL AS host_name, NULL AS privileges
      FROM information_schema.SCHEMATA
      WHERE SCHEMA_NAME = 'test' OR SCHEMA_NAME LIKE 'test\_%'
         OR SCHEMA_NAME IN ('employees', 'world', 'world_x', 'sakila', 'airportdb', 'menagerie')
      UNION ALL
      SELECT IF(d.User = '', CONCAT('grant ', d.Db, ' to every account from ', d.Host),
                CONCAT('grant ', d.Db, ' to mandatory role ', d.User, '@', d.Host)),
             IF(d.User = '', 'grant', 'mandatory'), d.Db, d.Host,
             CONCAT_WS(', ', IF(d.Select_priv = 'Y', 'SELECT', NULL), IF(d.Insert_priv = 'Y', 'INSERT', NULL),
                       IF(d.Update_priv = 'Y', 'UPDATE', NULL), IF(d.Delete_priv = 'Y', 'DELETE', NULL),
                       IF(d.Create_priv = 'Y', 'CREATE', NULL), IF(d.Drop_priv = 'Y', 'DROP', NULL),
                       IF(d.Alter_priv = 'Y', 'ALTER', NULL), IF(d.Grant_priv = 'Y', 'GRANT OPTION', NULL))
      FROM mysql.db d
      WHERE d.User = '' OR (d.User, d.Host) IN (SELECT role_user, role_host FROM mandatory)
      UNION ALL
      SELECT IF(t.User = '', CONCAT('grant ', t.Db, '.', t.Table_name, ' to every account from ', t.Host),
                CONCAT('grant ', t.Db, '.', t.Table_name, ' to mandatory role ', t.User, '@', t.Host)),
             IF(t.User = '', 'grant', 'mandatory'), CONCAT(t.Db, '.', t.Table_name), t.Host,
             UPPER(REPLACE(t.Table_priv, ',', ', '))
      FROM mysql.tables_priv t
      WHERE (t.User = '' OR (t.User, t.Host) IN (SELECT role_user, role_host FROM mandatory)) AND t.Table_priv <> '') x
ORDER BY x.kind, x.object
LIMIT 200
