-- Invalid objects (DBA_OBJECTS.STATUS = 'INVALID') in this container, recycle-bin names left out;
-- ORACLE_MAINTAINED says whether Oracle owns the schema (invalid there after patching is worse).
SELECT o.owner                                              AS owner,
       o.object_name                                        AS object_name,
       o.object_type                                        AS object_type,
       o.oracle_maintained                                  AS oracle_maintained,
       TO_CHAR(o.last_ddl_time, 'YYYY-MM-DD HH24:MI:SS')    AS last_ddl,
       COUNT(*) OVER ()                                     AS total_invalid
FROM dba_objects o
WHERE o.status = 'INVALID'
  AND o.object_name NOT LIKE 'BIN$%'
ORDER BY o.oracle_maintained DESC, o.owner, o.object_type, o.object_name
FETCH FIRST 200 ROWS ONLY
