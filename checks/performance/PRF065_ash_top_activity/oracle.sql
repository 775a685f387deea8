-- Diagnostics Pack only (DBA_HIST_ACTIVE_SESS_HISTORY: one in ten of the once-a-second ASH samples, kept
-- with the AWR snapshots, so each sample stands for about 10 s of one active session): what the active
-- sessions did inside the window (SAMPLE_TIME_UTC, 12.2+), per SQL_ID and event ('ON CPU' when not
-- waiting), foreground sessions only, with the share of all sampled activity. pairs = the snapshots the
-- samples belong to; db_time_s = all sampled activity × 10 s (ASH's estimate of DB time).
WITH a AS (
  SELECT h.snap_id, h.sample_time_utc, h.sql_id,
         CASE WHEN h.session_state = 'ON CPU' THEN 'ON CPU' ELSE h.event END AS activity,
         CASE WHEN h.session_state = 'ON CPU' THEN 'CPU' ELSE h.wait_class END AS wait_class
  FROM dba_hist_active_sess_history h
  WHERE h.dbid = (SELECT d.dbid FROM v$database d)
    AND h.session_type = 'FOREGROUND'
    AND h.sample_time_utc >= CAST(:window_start AS TIMESTAMP)
    AND h.sample_time_utc < CAST(:window_end AS TIMESTAMP)
),
win AS (
  SELECT COUNT(DISTINCT a.snap_id) AS pairs, COUNT(*) AS samples,
         TO_CHAR(MIN(a.sample_time_utc), 'YYYY-MM-DD HH24:MI:SS') AS basis_from,
         TO_CHAR(MAX(a.sample_time_utc), 'YYYY-MM-DD HH24:MI:SS') AS basis_to
  FROM a
),
g AS (
  SELECT NVL(a.sql_id, '(no SQL)') AS sql_id, a.activity, MAX(a.wait_class) AS wait_class, COUNT(*) AS samples
  FROM a
  GROUP BY NVL(a.sql_id, '(no SQL)'), a.activity
)
SELECT 'AWR' AS source, w.pairs AS pairs, 0 AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       g.sql_id AS sql_id, g.activity AS activity, g.wait_class AS wait_class, g.samples * 10 AS active_s,
       ROUND(100 * g.samples / NULLIF(w.samples, 0), 1) AS pct_activity, w.samples * 10 AS db_time_s
FROM win w
LEFT JOIN g ON 1 = 1
ORDER BY g.samples DESC NULLS LAST
FETCH FIRST 15 ROWS ONLY
