-- Invalid objects (DBA_OBJECTS.STATUS = 'INVALID') in this container, recycle-bin names left out, one row
-- per schema, object type and ORACLE_MAINTAINED (per object: 'Y' when Oracle-supplied scripts created it,
-- so an application's PUBLIC synonym is 'N'): how many, an example, and the latest DDL among them. Grouped
-- so a schema a site excludes cannot fill the row limit and hide the others.
SELECT o.owner                                                  AS owner,
       o.object_type                                            AS object_type,
       o.oracle_maintained                                      AS oracle_maintained,
       COUNT(*)                                                 AS invalid,
       MIN(o.object_name)                                       AS example,
       TO_CHAR(MAX(o.last_ddl_time), 'YYYY-MM-DD HH24:MI:SS')   AS last_ddl
FROM dba_objects o
WHERE o.status = 'INVALID'
  AND o.object_name NOT LIKE 'BIN$%'
GROUP BY o.owner, o.object_type, o.oracle_maintained
ORDER BY o.oracle_maintained DESC, COUNT(*) DESC, o.owner, o.object_type
FETCH FIRST 500 ROWS ONLY
