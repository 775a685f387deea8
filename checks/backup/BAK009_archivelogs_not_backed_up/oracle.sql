-- Archived logs still on local disk (not deleted, available) that no backup has copied yet
-- (V$ARCHIVED_LOG.BACKUP_COUNT = 0), counted once per thread/sequence over the local destinations.
SELECT COUNT(DISTINCT a.thread# || '.' || a.sequence#)          AS not_backed_up,
       ROUND(MAX((SYSDATE - a.completion_time) * 24), 1)         AS oldest_age_h,
       ROUND(SUM(a.blocks * a.block_size) / 1048576)             AS size_mb
FROM v$archived_log a
WHERE a.standby_dest = 'NO'
  AND a.archived = 'YES'
  AND a.deleted = 'NO'
  AND a.status = 'A'
  AND a.backup_count = 0
