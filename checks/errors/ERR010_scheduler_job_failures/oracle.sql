-- Scheduler job runs logged inside [window_start, window_end) (DBA_SCHEDULER_JOB_RUN_DETAILS; LOG_DATE
-- has a time zone), per job: failed runs, successful runs, the worst error number and the last failure.
SELECT d.owner                                                                       AS owner,
       d.job_name                                                                    AS job_name,
       SUM(CASE WHEN d.status = 'SUCCEEDED' THEN 0 ELSE 1 END)                       AS failures,
       SUM(CASE WHEN d.status = 'SUCCEEDED' THEN 1 ELSE 0 END)                       AS successes,
       MAX(CASE WHEN d.status = 'SUCCEEDED' THEN NULL ELSE d.error# END)             AS error_no,
       TO_CHAR(SYS_EXTRACT_UTC(MAX(CASE WHEN d.status = 'SUCCEEDED' THEN NULL ELSE d.log_date END)),
               'YYYY-MM-DD HH24:MI:SS')                                              AS last_failure_utc,
       TO_CHAR(SYS_EXTRACT_UTC(MAX(CASE WHEN d.status = 'SUCCEEDED' THEN d.log_date END)),
               'YYYY-MM-DD HH24:MI:SS')                                              AS last_success_utc,
       SUBSTR(MAX(CASE WHEN d.status = 'SUCCEEDED' THEN NULL ELSE d.errors END), 1, 300) AS errors
FROM dba_scheduler_job_run_details d
WHERE d.log_date >= FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC')
  AND d.log_date < FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC')
GROUP BY d.owner, d.job_name
HAVING SUM(CASE WHEN d.status = 'SUCCEEDED' THEN 0 ELSE 1 END) > 0
ORDER BY 3 DESC
FETCH FIRST 100 ROWS ONLY
