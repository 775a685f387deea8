-- Data Pump jobs as they stand now: DBA_DATAPUMP_JOBS lists the jobs that exist at this moment and the
-- master tables left behind by jobs that no longer run (STATE 'NOT RUNNING'), on every RAC instance. It
-- keeps no history: a job that failed and was cleaned up, or a job that completed, is not in it (the
-- job's log file says that). The master table (a table named like the job, in the owner's schema) gives
-- when the job was created: DBA_OBJECTS.CREATED, a DATE in the server's clock, compared with SYSDATE.
-- Master tables already dropped without PURGE show here under their recycle-bin name (BIN$…): they are
-- no job any more and are left out (BAK019 counts them with the rest of the recycle bin).
SELECT j.owner_name                                            AS owner_name,
       j.job_name                                              AS job_name,
       j.operation                                             AS operation,
       j.job_mode                                              AS job_mode,
       j.state                                                 AS state,
       j.degree                                                AS degree,
       j.attached_sessions                                     AS attached_sessions,
       j.datapump_sessions                                     AS datapump_sessions,
       TO_CHAR(o.created, 'YYYY-MM-DD HH24:MI:SS')             AS created_local,
       ROUND((SYSDATE - o.created) * 24, 1)                    AS age_h
FROM dba_datapump_jobs j
LEFT JOIN dba_objects o
  ON o.owner = j.owner_name AND o.object_name = j.job_name AND o.object_type = 'TABLE'
WHERE j.job_name NOT LIKE 'BIN$%'
ORDER BY CASE WHEN j.state = 'EXECUTING' THEN 1 ELSE 0 END, o.created, j.owner_name, j.job_name
FETCH FIRST 200 ROWS ONLY
