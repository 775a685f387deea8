-- The audit trail, MariaDB: the server_audit plugin (status and load option; FORCE_PLUS_PERMANENT
-- means it cannot be unloaded at runtime), whether it logs (server_audit_logging), which events
-- (server_audit_events; empty logs every kind, CONNECT included), whom (server_audit_incl_users: when set,
-- only those users; server_audit_excl_users: those users never), then general_log (every statement to
-- a file: not an audit trail, a load) and log_error (empty or stderr: no error log file).
-- information_schema needs no privilege.
SELECT 'server_audit' AS name,
       COALESCE((SELECT PLUGIN_STATUS FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'SERVER_AUDIT'), 'NOT LOADED') AS setting,
       (SELECT LOAD_OPTION FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'SERVER_AUDIT') AS detail
UNION ALL
SELECT LOWER(VARIABLE_NAME), VARIABLE_VALUE, NULL
FROM information_schema.GLOBAL_VARIABLES
WHERE VARIABLE_NAME IN ('SERVER_AUDIT_LOGGING', 'SERVER_AUDIT_EVENTS', 'SERVER_AUDIT_OUTPUT_TYPE',
                        'SERVER_AUDIT_INCL_USERS', 'SERVER_AUDIT_EXCL_USERS', 'GENERAL_LOG', 'LOG_ERROR')
