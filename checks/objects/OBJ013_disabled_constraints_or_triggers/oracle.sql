-- Constraints of application schemas that are disabled, or enabled without validating the rows already
-- there (ENABLE NOVALIDATE: the data may break them), and their disabled triggers. DBA_CONSTRAINTS.STATUS is
-- ENABLED / DISABLED and VALIDATED is VALIDATED / NOT VALIDATED; DBA_TRIGGERS.STATUS ENABLED / DISABLED.
-- Recycle-bin objects (BIN$…) and Oracle-maintained schemas are left out, and so are RELY constraints:
-- declared for the optimizer (query rewrite, join elimination) and left DISABLE / NOVALIDATE on purpose,
-- as data warehouses do (Data Warehousing Guide 19c, "RELY Constraints"). A database or schema trigger
-- (LOGON, DDL: often the audit one) has no table: BASE_OBJECT_TYPE (DATABASE / SCHEMA) stands in for it.
SELECT 'CONSTRAINT'                                              AS object_kind,
       c.owner                                                   AS owner,
       c.constraint_name                                         AS object_name,
       c.table_name                                              AS table_name,
       DECODE(c.constraint_type, 'P', 'PRIMARY KEY', 'U', 'UNIQUE', 'R', 'FOREIGN KEY', 'C', 'CHECK',
              c.constraint_type)                                 AS detail,
       c.status                                                  AS status,
       c.validated                                               AS validated,
       TO_CHAR(c.last_change, 'YYYY-MM-DD HH24:MI:SS')           AS last_change
FROM dba_constraints c
JOIN dba_users u ON u.username = c.owner
WHERE u.oracle_maintained = 'N'
  AND c.constraint_type IN ('P', 'U', 'R', 'C')
  AND (c.status = 'DISABLED' OR c.validated = 'NOT VALIDATED')
  AND (c.rely IS NULL OR c.rely <> 'RELY')
  AND c.table_name NOT LIKE 'BIN$%'
UNION ALL
SELECT 'TRIGGER'                                                 AS object_kind,
       t.owner                                                   AS owner,
       t.trigger_name                                            AS object_name,
       NVL(t.table_name, TRIM(t.base_object_type))               AS table_name,
       t.triggering_event                                        AS detail,
       t.status                                                  AS status,
       NULL                                                      AS validated,
       NULL                                                      AS last_change
FROM dba_triggers t
JOIN dba_users u ON u.username = t.owner
WHERE u.oracle_maintained = 'N'
  AND t.status = 'DISABLED'
  AND t.trigger_name NOT LIKE 'BIN$%'
ORDER BY 1, 2, 4, 3
FETCH FIRST 500 ROWS ONLY
