-- Undo retention against the longest query, per open instance, inside the window (GV$UNDOSTAT: 10-minute
-- rows for about 4 days, each RAC instance its own undo). Oracle tunes TUNED_UNDORETENTION to stay a little
-- above the longest running query (MAXQUERYLEN) when the undo tablespace can hold it; an interval whose
-- longest query ran longer than the retention Oracle could keep is one where a consistent read could fail
-- with ORA-01555. With an AUTOEXTEND undo tablespace Oracle keeps the retention only "somewhat longer" than
-- the longest query (Administrator's Guide 19c, "About the Undo Retention Period"): a ratio close to 100 %
-- is then the tuning at work. What shows the retention was not kept is undo still unexpired being taken
-- for new transactions (UNXPSTEALCNT, "attempts to obtain undo space by stealing unexpired extents"):
-- UNEXPIRED_STEALS sums it over the intervals whose longest query outlived the retention.
-- Grouped per instance and container: with local undo (the 12.2+ default) each PDB has its own undo and
-- rows (CON_ID), which the root sees all of; shared undo and a non-CDB report CON_ID 0.
-- BEGIN/END_TIME are DATEs in the server's clock: the UTC window is converted as ERR011 does.
WITH w AS (
  SELECT CAST(FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS ws,
         CAST(FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS we
  FROM dual
)
SELECT u.inst_id                                                                       AS inst_id,
       u.con_id                                                                        AS con_id,
       MAX(u.maxquerylen)                                                              AS longest_query_s,
       MIN(u.tuned_undoretention)                                                      AS min_tuned_retention_s,
       ROUND(MAX(100 * u.maxquerylen / NULLIF(u.tuned_undoretention, 0)), 1)           AS query_to_retention_pct,
       SUM(CASE WHEN u.maxquerylen >= u.tuned_undoretention THEN 1 ELSE 0 END)         AS short_intervals,
       SUM(CASE WHEN u.maxquerylen >= u.tuned_undoretention THEN NVL(u.unxpstealcnt, 0) ELSE 0 END)
                                                                                       AS unexpired_steals,
       COUNT(*)                                                                        AS intervals,
       TO_CHAR(MIN(u.begin_time), 'YYYY-MM-DD HH24:MI:SS')                             AS covered_from_local
FROM gv$undostat u
CROSS JOIN w
WHERE u.end_time > w.ws
  AND u.begin_time < w.we
GROUP BY u.inst_id, u.con_id
ORDER BY 5 DESC
