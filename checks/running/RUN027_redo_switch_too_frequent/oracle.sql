-- Log switches per redo thread and hour inside [window_start, window_end). FIRST_TIME is a DATE in the
-- server's clock: the UTC window is converted to that clock with the current offset of SYSTIMESTAMP
-- (a DST change inside the window shifts one boundary by an hour).
WITH w AS (
  SELECT CAST(FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS ws,
         CAST(FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS we
  FROM dual
)
SELECT h.thread#                                            AS thread_no,
       TO_CHAR(TRUNC(h.first_time, 'HH24'), 'YYYY-MM-DD HH24:MI') AS hour_local,
       COUNT(*)                                             AS switches
FROM v$log_history h
CROSS JOIN w
WHERE h.first_time >= w.ws
  AND h.first_time < w.we
GROUP BY h.thread#, TRUNC(h.first_time, 'HH24')
ORDER BY COUNT(*) DESC
FETCH FIRST 200 ROWS ONLY
