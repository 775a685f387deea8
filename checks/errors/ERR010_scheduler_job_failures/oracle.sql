-- Scheduler job runs logged inside [window_start, window_end) (DBA_SCHEDULER_JOB_RUN_DETAILS; LOG_DATE
-- has a time zone), per job: failed runs (STATUS 'FAILED'), stopped runs (STATUS 'STOPPED': by
-- DBMS_SCHEDULER.STOP_JOB or at the end of the job's window, reported, not counted as failures),
-- successful runs, the last error number and message. Oracle's automated maintenance tasks get a new
-- job name each run (ORA$AT_OS_OPT_SY_123, …): they are grouped under the name without the number.
WITH runs AS (
  SELECT d.owner,
         REGEXP_REPLACE(d.job_name, '^(ORA\$AT_[A-Z]+_[A-Z]+_[A-Z]+)_[0-9]+$', '\1') AS job_name,
         d.status, d.error#, d.log_date, d.errors
  FROM dba_scheduler_job_run_details d
  WHERE d.log_date >= FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC')
    AND d.log_date < FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC')
)
SELECT r.owner                                                                       AS owner,
       r.job_name                                                                    AS job_name,
       SUM(CASE WHEN r.status = 'FAILED' THEN 1 ELSE 0 END)                          AS failures,
       SUM(CASE WHEN r.status = 'STOPPED' THEN 1 ELSE 0 END)                         AS stopped,
       SUM(CASE WHEN r.status = 'SUCCEEDED' THEN 1 ELSE 0 END)                       AS successes,
       TO_CHAR(MAX(r.error#) KEEP (DENSE_RANK LAST ORDER BY CASE WHEN r.status = 'FAILED' THEN 1 ELSE 0 END, r.log_date)) AS error_no,
       TO_CHAR(SYS_EXTRACT_UTC(MAX(CASE WHEN r.status = 'FAILED' THEN r.log_date END)), 'YYYY-MM-DD HH24:MI:SS') AS last_failure_utc,
       TO_CHAR(SYS_EXTRACT_UTC(MAX(CASE WHEN r.status = 'SUCCEEDED' THEN r.log_date END)), 'YYYY-MM-DD HH24:MI:SS') AS last_success_utc,
       SUBSTR(MAX(r.errors) KEEP (DENSE_RANK LAST ORDER BY CASE WHEN r.status = 'FAILED' THEN 1 ELSE 0 END, r.log_date), 1, 300) AS errors
FROM runs r
GROUP BY r.owner, r.job_name
HAVING SUM(CASE WHEN r.status = 'FAILED' THEN 1 ELSE 0 END) > 0
ORDER BY 3 DESC
FETCH FIRST 100 ROWS ONLY
