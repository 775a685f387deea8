-- The audit trail, MySQL 8: an audit plugin (audit_log: MySQL Enterprise Audit and Percona Server's
-- audit log plugin; MariaDB's server_audit where it is loaded into MySQL) with its status and load
-- option, audit_log_connection_policy (legacy mode: NONE logs no logins), Percona's audit_log_policy (NONE
-- or QUERIES: no logins), Percona 8.4's audit_log_filter *component* (not in PLUGINS: its variables,
-- audit_log_filter.*, exist only while it is loaded), then general_log and log_error. Not read: MySQL
-- Enterprise Audit's rule-based filters (mysql.audit_log_user: a loaded plugin with no filter assigned
-- logs nothing), which needs a grant on that table.
SELECT 'audit_log' AS name,
       COALESCE((SELECT PLUGIN_STATUS FROM information_schema.PLUGINS
                 WHERE PLUGIN_NAME IN ('audit_log', 'SERVER_AUDIT') ORDER BY PLUGIN_STATUS = 'ACTIVE' DESC LIMIT 1),
                'NOT LOADED') AS setting,
       (SELECT LOAD_OPTION FROM information_schema.PLUGINS
        WHERE PLUGIN_NAME IN ('audit_log', 'SERVER_AUDIT') ORDER BY PLUGIN_STATUS = 'ACTIVE' DESC LIMIT 1) AS detail
UNION ALL
SELECT 'audit_log_filter', 'ACTIVE', 'COMPONENT'
FROM performance_schema.global_variables
WHERE VARIABLE_NAME LIKE 'audit\_log\_filter.%'
HAVING COUNT(*) > 0
UNION ALL
SELECT VARIABLE_NAME, VARIABLE_VALUE, NULL
FROM performance_schema.global_variables
WHERE VARIABLE_NAME IN ('audit_log_connection_policy', 'audit_log_policy', 'general_log', 'log_error')
