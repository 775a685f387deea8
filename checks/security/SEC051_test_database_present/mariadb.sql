-- The installer's test database and example schemas, and database grants that apply to every account
-- (MariaDB; MySQL 8: mysql.sql). Schemas: test, test_* (the patterns the old default grants opened to
-- all; PMM mysql_test_database) and the example databases CIS MySQL 8.0 4.2 names. SCHEMATA lists every
-- schema only to a holder of SHOW DATABASES. Grants to every account: mysql.db rows with an empty User
-- apply to every account, anonymous or not (measured on MariaDB 10.11; the old mysql_install_db default
-- opened test and test\_% this way), and 10.11+'s GRANT … TO PUBLIC, stored as User 'PUBLIC', Host ''
-- in mysql.db and, for one table, mysql.tables_priv (measured: SEC051 saw none of them).
SELECT x.object, x.kind, x.name, x.host_name, x.privileges, COUNT(*) OVER () AS total
FROM (SELECT CONCAT('schema ', SCHEMA_NAME) AS object, 'schema' AS kind, SCHEMA_NAME AS name,
             NULL AS host_name, NULL AS privileges
      FROM information_schema.SCHEMATA
      WHERE SCHEMA_NAME = 'test' OR SCHEMA_NAME LIKE 'test\_%'
         OR SCHEMA_NAME IN ('employees', 'world', 'world_x', 'sakila', 'airportdb', 'menagerie')
      UNION ALL
      SELECT IF(User = '', CONCAT('grant ', Db, ' to every account from ', Host), CONCAT('grant ', Db, ' to PUBLIC')),
             IF(User = '', 'grant', 'public'), Db, Host,
             CONCAT_WS(', ', IF(Select_priv = 'Y', 'SELECT', NULL), IF(Insert_priv = 'Y', 'INSERT', NULL),
                       IF(Update_priv = 'Y', 'UPDATE', NULL), IF(Delete_priv = 'Y', 'DELETE', NULL),
                       IF(Create_priv = 'Y', 'CREATE', NULL), IF(Drop_priv = 'Y', 'DROP', NULL),
                       IF(Alter_priv = 'Y', 'ALTER', NULL), IF(Grant_priv = 'Y', 'GRANT OPTION', NULL))
      FROM mysql.db
      WHERE User = '' OR (User = 'PUBLIC' AND Host = '')
      UNION ALL
      SELECT IF(User = '', CONCAT('grant ', Db, '.', Table_name, ' to every account from ', Host),
                CONCAT('grant ', Db, '.', Table_name, ' to PUBLIC')),
             IF(User = '', 'grant', 'public'), CONCAT(Db, '.', Table_name), Host, UPPER(REPLACE(Table_priv, ',', ', '))
      FROM mysql.tables_priv
      WHERE (User = '' OR (User = 'PUBLIC' AND Host = '')) AND Table_priv <> '') x
ORDER BY x.kind, x.object
LIMIT 200
