-- Archived redo per day (server clock) up to window_end, each log counted once (per thread, sequence
-- and incarnation, over the local destinations), with whether the day reaches into the window. The
-- days before the window are the baseline; V$ARCHIVED_LOG keeps what the control file keeps.
WITH w AS (
  SELECT CAST(FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS ws,
         CAST(FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS we
  FROM dual
),
logs AS (
  SELECT a.thread#, a.sequence#, a.resetlogs_id, MIN(a.first_time) AS first_time, MAX(a.blocks * a.block_size) AS bytes
  FROM v$archived_log a
  WHERE a.standby_dest = 'NO'
  GROUP BY a.thread#, a.sequence#, a.resetlogs_id
)
SELECT TO_CHAR(TRUNC(l.first_time), 'YYYY-MM-DD')                  AS day_local,
       ROUND(SUM(l.bytes) / 1048576)                                AS redo_mb,
       MAX(CASE WHEN l.first_time >= w.ws THEN 1 ELSE 0 END)        AS in_window
FROM logs l
CROSS JOIN w
WHERE l.first_time < w.we
GROUP BY TRUNC(l.first_time)
ORDER BY TRUNC(l.first_time)
