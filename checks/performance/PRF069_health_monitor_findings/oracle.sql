-- Licence-free Health Monitor views (V$HM_RUN, V$HM_FINDING; Health Monitor is part of the database, not
-- of a pack): the findings still OPEN of any check run (reactive runs start by themselves after a critical
-- error; manual ones with DBMS_HM.RUN_CHECK, which dbpatrol does not call: it writes), with the run that
-- found them, plus, in the header row (finding_id NULL), how many runs are recorded and the latest one —
-- none recorded means nothing was checked. Messages are data, shown escaped.
WITH runs AS (
  SELECT COUNT(*) AS runs,
         TO_CHAR(MAX(r.start_time), 'YYYY-MM-DD HH24:MI:SS') AS last_run,
         MAX(r.check_name) KEEP (DENSE_RANK LAST ORDER BY r.start_time) AS last_check
  FROM v$hm_run r
),
f AS (
  SELECT f.finding_id, f.name, f.priority, f.type, f.message, f.class_name,
         TO_CHAR(f.time_detected, 'YYYY-MM-DD HH24:MI:SS') AS detected, r.check_name, r.run_mode
  FROM v$hm_finding f
  JOIN v$hm_run r ON r.run_id = f.run_id
  WHERE f.status = 'OPEN'
)
SELECT u.runs AS runs, u.last_run AS last_run, u.last_check AS last_check,
       TO_CHAR(f.finding_id) AS finding_id, f.name AS finding, f.priority AS priority, f.type AS finding_type,
       f.class_name AS class_name, f.check_name AS check_name, f.run_mode AS run_mode, f.detected AS detected,
       f.message AS message
FROM runs u
LEFT JOIN f ON 1 = 1
ORDER BY CASE f.priority WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 ELSE 2 END, f.detected DESC
FETCH FIRST 50 ROWS ONLY
