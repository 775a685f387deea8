-- Diagnostics Pack (AWR): the buffer cache, library cache and soft parse ratios of each instance over the
-- window, from DBA_HIST_SYSMETRIC_SUMMARY (system metrics, GROUP_ID 2: one row per metric per snapshot
-- interval, AVERAGE over NUM_INTERVAL 60-s intervals) of the snapshots ending an in-window pair (same
-- STARTUP_TIME as the one before), averaged weighted by NUM_INTERVAL, with the worst interval's average.
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
m AS (
  SELECT x.instance_number,
         SUM(CASE WHEN x.metric_name = 'Buffer Cache Hit Ratio' THEN x.average * x.num_interval END)
           / NULLIF(SUM(CASE WHEN x.metric_name = 'Buffer Cache Hit Ratio' THEN x.num_interval END), 0) AS buffer_hit_pct,
         MIN(CASE WHEN x.metric_name = 'Buffer Cache Hit Ratio' THEN x.average END) AS worst_buffer_hit_pct,
         SUM(CASE WHEN x.metric_name = 'Library Cache Hit Ratio' THEN x.average * x.num_interval END)
           / NULLIF(SUM(CASE WHEN x.metric_name = 'Library Cache Hit Ratio' THEN x.num_interval END), 0) AS library_hit_pct,
         SUM(CASE WHEN x.metric_name = 'Soft Parse Ratio' THEN x.average * x.num_interval END)
           / NULLIF(SUM(CASE WHEN x.metric_name = 'Soft Parse Ratio' THEN x.num_interval END), 0) AS soft_parse_pct
  FROM pairs p
  JOIN dba_hist_sysmetric_summary x
    ON x.dbid = p.dbid AND x.instance_number = p.instance_number AND x.snap_id = p.snap_id
  WHERE x.group_id = 2
    AND x.metric_name IN ('Buffer Cache Hit Ratio', 'Library Cache Hit Ratio', 'Soft Parse Ratio')
  GROUP BY x.instance_number
)
SELECT 'AWR' AS source, w.pairs AS pairs, w.restarts AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       CAST(NULL AS VARCHAR2(19)) AS counters_since, 'window' AS basis_kind,
       TO_CHAR(m.instance_number) AS instance_number, ROUND(m.buffer_hit_pct, 2) AS buffer_hit_pct,
       ROUND(m.worst_buffer_hit_pct, 2) AS worst_buffer_hit_pct, ROUND(m.library_hit_pct, 2) AS library_hit_pct,
       ROUND(m.soft_parse_pct, 2) AS soft_parse_pct
FROM win w
LEFT JOIN m ON 1 = 1
ORDER BY m.buffer_hit_pct NULLS LAST
