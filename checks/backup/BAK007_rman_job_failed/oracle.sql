-- RMAN backup jobs that started inside [window_start, window_end), from the control file
-- (V$RMAN_BACKUP_JOB_DETAILS; kept CONTROL_FILE_RECORD_KEEP_TIME days, default 7). START_TIME is a
-- DATE in the server's clock: the UTC window is converted to it with SYSTIMESTAMP's current offset.
-- standby_retention_only: for a job that ended with warnings, 1 when the only RMAN-/ORA- messages in its
-- output (V$RMAN_OUTPUT: in memory, 32768 lines, gone at restart) are RMAN-08120 / RMAN-08137 —
-- "archived log not deleted", kept for a standby as the deletion policy says; NULL when unknown.
WITH w AS (
  SELECT CAST(FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS ws,
         CAST(FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS we
  FROM dual
)
SELECT TO_CHAR(j.session_key)                           AS session_key,
       j.input_type                                     AS input_type,
       j.status                                         AS status,
       TO_CHAR(j.start_time, 'YYYY-MM-DD HH24:MI:SS')   AS started_local,
       TO_CHAR(j.end_time, 'YYYY-MM-DD HH24:MI:SS')     AS ended_local,
       ROUND(j.elapsed_seconds)                         AS elapsed_s,
       ROUND(j.output_bytes / 1048576)                  AS output_mb,
       j.output_device_type                             AS device,
       CASE WHEN j.status LIKE '%WARNINGS%' THEN
         (SELECT CASE WHEN SUM(CASE WHEN o.output LIKE 'RMAN-08120%' OR o.output LIKE 'RMAN-08137%' THEN 1 ELSE 0 END) > 0
                       AND SUM(CASE WHEN REGEXP_LIKE(o.output, '(RMAN|ORA)-[0-9]{5}')
                                     AND o.output NOT LIKE 'RMAN-08120%' AND o.output NOT LIKE 'RMAN-08137%'
                                    THEN 1 ELSE 0 END) = 0
                      THEN 1 ELSE 0 END
          FROM v$rman_output o
          WHERE o.session_key = j.session_key
          HAVING COUNT(*) > 0)
       END                                              AS standby_retention_only
FROM v$rman_backup_job_details j
CROSS JOIN w
WHERE j.start_time >= w.ws
  AND j.start_time < w.we
ORDER BY j.start_time DESC
FETCH FIRST 500 ROWS ONLY
