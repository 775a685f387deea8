-- Per datafile, the newest base backup (full or incremental level 0) in the control file records
-- (V$BACKUP_DATAFILE), against V$DATAFILE. Read-only and offline files are left out: backup
-- optimization skips a read-only file once it has a backup. Ages on the server's clock (SYSDATE).
SELECT TO_CHAR(f.file#)                                                  AS file_no,
       f.name                                                        AS file_name,
       TO_CHAR(MAX(b.completion_time), 'YYYY-MM-DD HH24:MI:SS')      AS last_base_backup,
       ROUND(SYSDATE - MAX(b.completion_time), 2)                    AS base_age_days
FROM v$datafile f
LEFT JOIN v$backup_datafile b
       ON b.file# = f.file#
      AND (b.incremental_level IS NULL OR b.incremental_level = 0)
WHERE f.enabled <> 'READ ONLY'
  AND f.status IN ('ONLINE', 'SYSTEM')
GROUP BY f.file#, f.name
ORDER BY MAX(b.completion_time) NULLS FIRST
FETCH FIRST 200 ROWS ONLY
