-- The server's default sql_mode (what a new session gets), and the server version for the messages.
-- Serves MySQL 8 and MariaDB.
SELECT 'sql_mode' AS name, CAST(@@global.sql_mode AS CHAR) AS setting
