-- Statspack (licence-free): the foreground wait events (wait class not Idle, from V$EVENT_NAME: the
-- Statspack table keeps no class) that took the most time over the window, as a share of its DB time;
-- deltas of STATS$SYSTEM_EVENT and STATS$SYS_TIME_MODEL between consecutive snapshots in the window
-- with the same STARTUP_TIME (a restart splits the window). SNAP_TIME converted to UTC by the server's
-- current offset. The header row (event NULL) comes back even with no event.
WITH snaps AS (
  SELECT s.dbid, s.instance_number, s.snap_id, s.startup_time,
         s.snap_time - (SYSDATE - CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE)) AS end_utc,
         LAG(s.snap_id) OVER (PARTITION BY s.dbid, s.instance_number, s.startup_time ORDER BY s.snap_id) AS prev_snap_id,
         LAG(s.snap_time - (SYSDATE - CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE)))
           OVER (PARTITION BY s.dbid, s.instance_number, s.startup_time ORDER BY s.snap_id) AS prev_end_utc
  FROM perfstat.stats$snapshot s
  WHERE s.dbid = (SELECT d.dbid FROM v$database d)
    AND s.snap_time - (SYSDATE - CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE)) >= CAST(:window_start AS DATE)
    AND s.snap_time - (SYSDATE - CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE)) < CAST(:window_end AS DATE)
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
  SELECT e.event AS event, MAX(n.wait_class) AS wait_class,
         SUM(e.total_waits_fg - b.total_waits_fg) AS waits,
         SUM(e.time_waited_micro_fg - b.time_waited_micro_fg) / 1e6 AS time_s
  FROM pairs p
  JOIN perfstat.stats$system_event e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN perfstat.stats$system_event b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.event = e.event
  JOIN v$event_name n ON n.name = e.event
  WHERE n.wait_class <> 'Idle'
  GROUP BY e.event
),
dbt AS (
  SELECT SUM(e.value - b.value) / 1e6 AS db_time_s
  FROM pairs p
  JOIN perfstat.stats$sys_time_model e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN perfstat.stats$sys_time_model b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.stat_id = e.stat_id
  JOIN perfstat.stats$time_model_statname m ON m.stat_id = e.stat_id
  WHERE m.stat_name = 'DB time'
),
top AS (
  SELECT ev.event, ev.wait_class, ev.waits, ev.time_s, ROW_NUMBER() OVER (ORDER BY ev.time_s DESC) AS rn
  FROM ev
  WHERE ev.time_s > 0
)
SELECT 'Statspack' AS source, w.pairs AS pairs, w.restarts AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       CAST(NULL AS VARCHAR2(19)) AS counters_since,
       t.event AS event, t.wait_class AS wait_class, t.waits AS waits, ROUND(t.time_s) AS time_s,
       ROUND(t.time_s * 1000 / NULLIF(t.waits, 0), 2) AS avg_ms,
       ROUND(100 * t.time_s / NULLIF(d.db_time_s, 0), 1) AS pct_db_time,
       ROUND(d.db_time_s) AS db_time_s
FROM win w
CROSS JOIN dbt d
LEFT JOIN top t ON t.rn <= 10
ORDER BY t.time_s DESC NULLS LAST
