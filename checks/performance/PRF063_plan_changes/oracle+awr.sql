-- Diagnostics Pack (AWR): statements that ran with more than one execution plan inside the window
-- (DBA_HIST_SQLSTAT rows of the snapshots ending an in-window pair, same STARTUP_TIME), per SQL_ID: the
-- slowest and the fastest plan by elapsed time per execution (*_DELTA columns, microseconds) and how
-- many executions each had; regression = slow / fast. PLAN_HASH_VALUE 0 (no plan: PL/SQL calls) left out.
-- Per container (CON_DBID): in the CDB root DBA_HIST_SQLSTAT holds every PDB's cursors, and the same SQL_ID
-- in two PDBs (one application in several PDBs) runs on different tables: its two plans are no plan change.
WITH snaps AS (
  SELECT s.dbid, s.instance_number, s.snap_id, s.startup_time,
         SYS_EXTRACT_UTC(s.end_interval_time_tz) AS end_utc,
         LAG(s.snap_id) OVER (PARTITION BY s.dbid, s.instance_number, s.startup_time ORDER BY s.snap_id) AS prev_snap_id,
         LAG(SYS_EXTRACT_UTC(s.end_interval_time_tz))
           OVER (PARTITION BY s.dbid, s.instance_number, s.startup_time ORDER BY s.snap_id) AS prev_end_utc
  FROM dba_hist_snapshot s
  WHERE s.dbid = (SELECT d.dbid FROM v$database d)
    AND SYS_EXTRACT_UTC(s.end_interval_time_tz) >= CAST(:window_start AS TIMESTAMP)
    AND SYS_EXTRACT_UTC(s.end_interval_time_tz) < CAST(:window_end AS TIMESTAMP)
),
pairs AS (
  SELECT p.dbid, p.instance_number, p.snap_id, p.prev_snap_id, p.end_utc, p.prev_end_utc
  FROM snaps p
  WHERE p.prev_snap_id IS NOT NULL
),
win AS (
  SELECT (SELECT COUNT(*) FROM pairs) AS pairs,
         (SELECT COUNT(DISTINCT n.instance_number || '@' || TO_CHAR(n.startup_time, 'YYYYMMDDHH24MISS'))
                 - COUNT(DISTINCT n.instance_number) FROM snaps n) AS restarts,
         (SELECT TO_CHAR(MIN(q.prev_end_utc), 'YYYY-MM-DD HH24:MI:SS') FROM pairs q) AS basis_from,
         (SELECT TO_CHAR(MAX(q.end_utc), 'YYYY-MM-DD HH24:MI:SS') FROM pairs q) AS basis_to
  FROM dual
),
per AS (
  SELECT x.con_dbid, MAX(x.con_id) AS con_id, x.sql_id, x.plan_hash_value, SUM(x.executions_delta) AS execs, SUM(x.elapsed_time_delta) / 1e6 AS elapsed_s
  FROM pairs p
  JOIN dba_hist_sqlstat x ON x.dbid = p.dbid AND x.instance_number = p.instance_number AND x.snap_id = p.snap_id
  WHERE x.plan_hash_value <> 0
  GROUP BY x.con_dbid, x.sql_id, x.plan_hash_value
  HAVING SUM(x.executions_delta) > 0
),
multi AS (
  SELECT per.con_dbid, per.con_id, per.sql_id, per.plan_hash_value, per.execs, per.elapsed_s, per.elapsed_s * 1000 / per.execs AS ms_per_exec,
         COUNT(*) OVER (PARTITION BY per.con_dbid, per.sql_id) AS plans
  FROM per
),
agg AS (
  SELECT m.sql_id, MAX(m.con_id) AS con_id, MAX(m.plans) AS plans,
         MAX(m.plan_hash_value) KEEP (DENSE_RANK LAST ORDER BY m.ms_per_exec) AS slow_plan,
         MAX(m.ms_per_exec) AS slow_ms,
         MAX(m.execs) KEEP (DENSE_RANK LAST ORDER BY m.ms_per_exec) AS slow_execs,
         MIN(m.plan_hash_value) KEEP (DENSE_RANK FIRST ORDER BY m.ms_per_exec) AS fast_plan,
         MIN(m.ms_per_exec) AS fast_ms,
         MIN(m.execs) KEEP (DENSE_RANK FIRST ORDER BY m.ms_per_exec) AS fast_execs,
         SUM(m.elapsed_s) AS elapsed_s
  FROM multi m
  WHERE m.plans > 1
  GROUP BY m.con_dbid, m.sql_id
)
SELECT 'AWR' AS source, w.pairs AS pairs, w.restarts AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       CAST(NULL AS VARCHAR2(19)) AS counters_since,
       TO_CHAR(g.con_id) AS con_id, g.sql_id AS sql_id, g.plans AS plans, TO_CHAR(g.slow_plan) AS slow_plan, ROUND(g.slow_ms, 2) AS slow_ms,
       g.slow_execs AS slow_execs, TO_CHAR(g.fast_plan) AS fast_plan, ROUND(g.fast_ms, 2) AS fast_ms, g.fast_execs AS fast_execs,
       LEAST(g.slow_execs, g.fast_execs) AS min_execs, ROUND(g.slow_ms / NULLIF(g.fast_ms, 0), 1) AS regression,
       ROUND(g.elapsed_s) AS elapsed_s
FROM win w
LEFT JOIN agg g ON 1 = 1
ORDER BY g.slow_ms / NULLIF(g.fast_ms, 0) DESC NULLS LAST
FETCH FIRST 20 ROWS ONLY
