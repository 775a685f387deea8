-- Security-relevant initialization parameters as (name, setting) rows (V$PARAMETER; a parameter this
-- release no longer has simply returns no row), plus whether pure unified auditing is on (V$OPTION):
-- then audit_trail NONE is expected and not a fault.
SELECT 'unified_auditing' AS name, UPPER(o.value) AS setting
FROM v$option o
WHERE o.parameter = 'Unified Auditing'
UNION ALL
SELECT p.name, UPPER(NVL(p.value, '(empty)'))
FROM v$parameter p
WHERE p.name IN ('audit_trail', 'audit_sys_operations', 'remote_login_passwordfile', 'remote_os_authent',
                 'remote_os_roles', 'os_roles', 'sec_case_sensitive_logon', 'sql92_security',
                 'sec_max_failed_login_attempts', 'sec_return_server_release_banner', 'global_names',
                 'sec_protocol_error_further_action', 'resource_limit')
ORDER BY 1
