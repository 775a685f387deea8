-- Diagnostics Pack only (DBA_ADDM_TASKS / DBA_ADDM_FINDINGS): the problems ADDM found in the automatic
-- analyses of the snapshot intervals inside the window (tasks COMPLETED, analysis period within
-- [window_start, window_end); BEGIN_TIME / END_TIME are in the server's clock, so the window is shifted
-- by the server's current offset from UTC), one row per finding name: how many analyses reported it, its
-- largest and average share of active sessions (PERC_ACTIVE_SESS) and its latest message (data, shown
-- escaped). Findings filtered out by a directive (FILTERED = 'Y') and non-problems (SYMPTOM,
-- INFORMATION) are left out. pairs = the analyses read; the header row comes back with none.
WITH off AS (
  SELECT SYSDATE - CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) AS d FROM dual
),
tasks AS (
  SELECT t.task_id, t.begin_time, t.end_time
  FROM dba_addm_tasks t
  CROSS JOIN off o
  WHERE t.status = 'COMPLETED'
    AND t.dbid = (SELECT d.dbid FROM v$database d)
    AND CAST(t.begin_time AS DATE) >= CAST(:window_start AS DATE) + o.d
    AND CAST(t.end_time AS DATE) <= CAST(:window_end AS DATE) + o.d
),
win AS (
  SELECT (SELECT COUNT(*) FROM tasks) AS pairs,
         (SELECT TO_CHAR(MIN(CAST(k.begin_time AS DATE)) - MAX(o.d), 'YYYY-MM-DD HH24:MI:SS') FROM tasks k CROSS JOIN off o) AS basis_from,
         (SELECT TO_CHAR(MAX(CAST(k.end_time AS DATE)) - MAX(o.d), 'YYYY-MM-DD HH24:MI:SS') FROM tasks k CROSS JOIN off o) AS basis_to
  FROM dual
),
f AS (
  SELECT x.finding_name,
         COUNT(DISTINCT x.task_id) AS analyses,
         ROUND(MAX(x.perc_active_sess), 1) AS max_impact_pct,
         ROUND(AVG(x.perc_active_sess), 1) AS avg_impact_pct,
         ROUND(MAX(x.active_sessions), 2) AS max_active_sessions,
         MAX(x.message) KEEP (DENSE_RANK LAST ORDER BY x.task_id) AS message
  FROM tasks k
  JOIN dba_addm_findings x ON x.task_id = k.task_id
  WHERE x.type = 'PROBLEM' AND NVL(x.filtered, 'N') <> 'Y'
  GROUP BY x.finding_name
)
SELECT 'AWR' AS source, w.pairs AS pairs, 0 AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       f.finding_name AS finding_name, f.analyses AS analyses, f.max_impact_pct AS max_impact_pct,
       f.avg_impact_pct AS avg_impact_pct, f.max_active_sessions AS max_active_sessions, f.message AS message
FROM win w
LEFT JOIN f ON 1 = 1
ORDER BY f.max_impact_pct DESC NULLS LAST
FETCH FIRST 20 ROWS ONLY
