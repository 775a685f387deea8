-- Diagnostics Pack (AWR): the foreground wait events (wait class not Idle) that took the most time over
-- the window, as a share of the window's DB time; deltas of DBA_HIST_SYSTEM_EVENT (cumulative, *_FG =
-- foreground sessions, whose waits are part of DB time) and DBA_HIST_SYS_TIME_MODEL between consecutive
-- snapshots in the window with the same STARTUP_TIME (a restart splits the window). CPU is not a wait:
-- it is PRF060's DB CPU. The header row (event NULL) comes back even with no event.
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
ev AS (
  SELECT e.event_name AS event, e.wait_class AS wait_class,
         SUM(e.total_waits_fg - b.total_waits_fg) AS waits,
         SUM(e.time_waited_micro_fg - b.time_waited_micro_fg) / 1e6 AS time_s
  FROM pairs p
  JOIN dba_hist_system_event e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN dba_hist_system_event b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.event_id = e.event_id
  WHERE e.wait_class <> 'Idle'
  GROUP BY e.event_name, e.wait_class
),
dbt AS (
  SELECT SUM(e.value - b.value) / 1e6 AS db_time_s
  FROM pairs p
  JOIN dba_hist_sys_time_model e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN dba_hist_sys_time_model b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.stat_id = e.stat_id
  WHERE e.stat_name = 'DB time'
),
top AS (
  SELECT ev.event, ev.wait_class, ev.waits, ev.time_s, ROW_NUMBER() OVER (ORDER BY ev.time_s DESC) AS rn
  FROM ev
  WHERE ev.time_s > 0
)
SELECT 'AWR' AS source, w.pairs AS pairs, w.restarts AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       CAST(NULL AS VARCHAR2(19)) AS counters_since,
       t.event AS event, t.wait_class AS wait_class, t.waits AS waits, ROUND(t.time_s) AS time_s,
       ROUND(t.time_s * 1000 / NULLIF(t.waits, 0), 2) AS avg_ms,
       ROUND(100 * t.time_s / NULLIF(d.db_time_s, 0), 1) AS pct_db_time,
       ROUND(d.db_time_s) AS db_time_s
FROM win w
CROSS JOIN dbt d
LEFT JOIN top t ON t.rn <= 10
ORDER BY t.time_s DESC NULLS LAST
