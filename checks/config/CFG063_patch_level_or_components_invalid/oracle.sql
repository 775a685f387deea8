-- Patch level and the state of the installed components, as rows of one shape:
--   RELEASE   the server's full version (V$INSTANCE.VERSION_FULL, e.g. 19.22.0.0.0: Release Update 19.22)
--   COMPONENT each DBA_REGISTRY component whose STATUS is not VALID (INVALID, LOADED, UPGRADING, …;
--             OPTION OFF and REMOVED are states of a component not in use, left out)
--   SQLPATCH  each patch whose latest DBA_REGISTRY_SQLPATCH action did not end in SUCCESS (datapatch did not
--             finish: the binaries are patched, the dictionary is not)
--   SQLLEVEL  the TARGET_VERSION of the latest successful datapatch action: the level the dictionary is at. Below
--             VERSION_FULL, the home was patched and datapatch never ran here (no failed row to see)
SELECT 'RELEASE' AS kind, i.version_full AS name, NULL AS status, NULL AS detail, NULL AS action_time
FROM v$instance i
UNION ALL
SELECT 'COMPONENT', r.comp_id, r.status, r.comp_name || ' ' || r.version, TO_CHAR(r.modified)
FROM dba_registry r
WHERE r.status NOT IN ('VALID', 'OPTION OFF', 'REMOVED')
UNION ALL
SELECT 'SQLPATCH', TO_CHAR(q.patch_id), q.status, q.action || ' ' || q.description,
       TO_CHAR(q.action_time, 'YYYY-MM-DD HH24:MI:SS')
FROM (SELECT s.patch_id, s.status, s.action, s.description, s.action_time,
             ROW_NUMBER() OVER (PARTITION BY s.patch_id ORDER BY s.action_time DESC) AS latest
      FROM dba_registry_sqlpatch s) q
WHERE q.latest = 1
  AND q.status <> 'SUCCESS'
UNION ALL
SELECT 'SQLLEVEL', l.target_version, l.status, l.action || ' ' || l.description,
       TO_CHAR(l.action_time, 'YYYY-MM-DD HH24:MI:SS')
FROM (SELECT s.target_version, s.status, s.action, s.description, s.action_time,
             ROW_NUMBER() OVER (ORDER BY s.action_time DESC) AS latest
      FROM dba_registry_sqlpatch s
      WHERE s.status = 'SUCCESS'
        AND s.target_version IS NOT NULL) l
WHERE l.latest = 1
