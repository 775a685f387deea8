-- What audits this database: whether pure unified auditing is on (V$OPTION 'Unified Auditing'; FALSE is the
-- 19c default "mixed mode", where unified policies and the traditional AUDIT_TRAIL both work), the
-- traditional AUDIT_TRAIL parameter, and each enabled unified audit policy
-- (AUDIT_UNIFIED_ENABLED_POLICIES: 19c ships ORA_SECURECONFIG and ORA_LOGON_FAILURES enabled). Rows of one
-- shape: kind OPTION / PARAMETER / POLICY, name, value.
SELECT 'OPTION' AS kind, 'unified_auditing' AS name, UPPER(o.value) AS value, NULL AS enabled_for
FROM v$option o
WHERE o.parameter = 'Unified Auditing'
UNION ALL
SELECT 'PARAMETER', p.name, UPPER(NVL(p.value, 'NONE')), NULL
FROM v$parameter p
WHERE p.name = 'audit_trail'
UNION ALL
SELECT 'POLICY', a.policy_name, a.enabled_option, a.entity_name
FROM audit_unified_enabled_policies a
ORDER BY 1, 2
