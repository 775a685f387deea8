-- Archived logs still on local disk that no backup has copied yet, counted once per log (thread,
-- sequence and incarnation): a log archived to two local destinations has two V$ARCHIVED_LOG rows (19c
-- reference), and RMAN backs up one copy, so a log counts as backed up when any of its local rows has
-- BACKUP_COUNT > 0 (the backed-up copy may itself be deleted by now), and as on disk when one of its rows
-- is available (DELETED = 'NO', STATUS = 'A'). backed_up_logs: logs this control file knows were backed
-- up at all (none on a standby whose archivelog backups run on the primary).
WITH logs AS (
  SELECT a.thread#, a.sequence#, a.resetlogs_id,
         MAX(a.backup_count)                                                     AS backups,
         MAX(CASE WHEN a.deleted = 'NO' AND a.status = 'A' THEN 1 ELSE 0 END)    AS on_disk,
         MIN(a.completion_time)                                                  AS completed,
         MAX(a.blocks * a.block_size)                                            AS bytes
  FROM v$archived_log a
  WHERE a.standby_dest = 'NO'
    AND a.archived = 'YES'
  GROUP BY a.thread#, a.sequence#, a.resetlogs_id
)
SELECT NVL(SUM(CASE WHEN l.backups = 0 AND l.on_disk = 1 THEN 1 ELSE 0 END), 0)                   AS not_backed_up,
       ROUND(MAX(CASE WHEN l.backups = 0 AND l.on_disk = 1 THEN (SYSDATE - l.completed) * 24 END), 1) AS oldest_age_h,
       NVL(ROUND(SUM(CASE WHEN l.backups = 0 AND l.on_disk = 1 THEN l.bytes ELSE 0 END) / 1048576), 0) AS size_mb,
       NVL(SUM(CASE WHEN l.backups > 0 THEN 1 ELSE 0 END), 0)                                       AS backed_up_logs
FROM logs l
