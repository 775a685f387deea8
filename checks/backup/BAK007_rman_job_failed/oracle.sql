-- RMAN backup jobs that started inside [window_start, window_end), from the control file
-- (V$RMAN_BACKUP_JOB_DETAILS; kept CONTROL_FILE_RECORD_KEEP_TIME days, default 7). START_TIME is a
-- DATE in the server's clock: the UTC window is converted to it with SYSTIMESTAMP's current offset.
WITH w AS (
  SELECT CAST(FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS ws,
         CAST(FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS we
  FROM dual
)
SELECT TO_CHAR(j.session_key)                                 AS session_key,
       j.input_type                                     AS input_type,
       j.status                                         AS status,
       TO_CHAR(j.start_time, 'YYYY-MM-DD HH24:MI:SS')   AS started_local,
       TO_CHAR(j.end_time, 'YYYY-MM-DD HH24:MI:SS')     AS ended_local,
       ROUND(j.elapsed_seconds)                         AS elapsed_s,
       ROUND(j.output_bytes / 1048576)                  AS output_mb,
       j.output_device_type                             AS device
FROM v$rman_backup_job_details j
CROSS JOIN w
WHERE j.start_time >= w.ws
  AND j.start_time < w.we
ORDER BY j.start_time DESC
FETCH FIRST 500 ROWS ONLY
