-- automatic_sp_privileges: 1 (the default) grants a routine's creator EXECUTE and ALTER ROUTINE, and on
-- DROP PROCEDURE/FUNCTION revokes every grant on that routine; 0 leaves those grants in
-- mysql.procs_priv, where they apply to the next routine created with the same name (measured on
-- MariaDB 10.11). PMM mysql_automatic_sp_privileges_enabled flags anything but 1. Serves MySQL 8 and
-- MariaDB; needs no privilege.
SELECT 'automatic_sp_privileges'                          AS name,
       IF(@@GLOBAL.automatic_sp_privileges, 'ON', 'OFF')  AS setting
