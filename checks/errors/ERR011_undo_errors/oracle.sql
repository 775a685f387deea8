-- Undo statistics of every open instance inside the window (GV$UNDOSTAT: each RAC instance has its own
-- undo tablespace and 10-minute rows for about 4 days). BEGIN_TIME is a DATE in the server's clock: the
-- UTC window is converted to it with SYSTIMESTAMP's current offset.
WITH w AS (
  SELECT CAST(FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS ws,
         CAST(FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS we
  FROM dual
)
SELECT NVL(SUM(u.ssolderrcnt), 0)                               AS snapshot_too_old,
       NVL(SUM(u.nospaceerrcnt), 0)                             AS no_space,
       MAX(u.maxquerylen)                                       AS longest_query_s,
       MIN(u.tuned_undoretention)                               AS min_tuned_retention_s,
       COUNT(*)                                                 AS intervals,
       COUNT(DISTINCT u.inst_id)                                AS instances,
       TO_CHAR(MIN(u.begin_time), 'YYYY-MM-DD HH24:MI:SS')      AS covered_from_local
FROM gv$undostat u
CROSS JOIN w
WHERE u.end_time > w.ws
  AND u.begin_time < w.we
