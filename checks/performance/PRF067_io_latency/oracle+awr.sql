-- Diagnostics Pack (AWR): single-block read latency per datafile over the window, from
-- DBA_HIST_FILESTATXS (snapshots of V$FILESTAT: cumulative; SINGLEBLKRDTIM and WRITETIM in hundredths of a
-- second) as deltas between consecutive in-window snapshots with the same STARTUP_TIME (a restart splits
-- the window), summed over the instances; the 10 slowest files and the 5 busiest.
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
f AS (
  SELECT e.file#, MAX(e.tsname) AS tsname, MAX(e.filename) AS filename,
         SUM(e.singleblkrds - b.singleblkrds) AS reads, SUM(e.singleblkrdtim - b.singleblkrdtim) AS read_cs,
         SUM(e.phywrts - b.phywrts) AS writes, SUM(e.writetim - b.writetim) AS write_cs
  FROM pairs p
  JOIN dba_hist_filestatxs e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN dba_hist_filestatxs b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.file# = e.file# AND b.creation_change# = e.creation_change#
  GROUP BY e.file#
),
top AS (
  SELECT f.*, ROW_NUMBER() OVER (ORDER BY 10 * f.read_cs / NULLIF(f.reads, 0) DESC NULLS LAST) AS r_ms,
         ROW_NUMBER() OVER (ORDER BY f.reads DESC) AS r_reads
  FROM f
  WHERE f.reads > 0
)
SELECT 'AWR' AS source, w.pairs AS pairs, w.restarts AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       CAST(NULL AS VARCHAR2(19)) AS counters_since,
       TO_CHAR(t.file#) AS file_id, t.tsname AS tablespace_name, t.filename AS file_name, t.reads AS single_block_reads,
       ROUND(10 * t.read_cs / NULLIF(t.reads, 0), 2) AS avg_read_ms, t.writes AS writes,
       ROUND(10 * t.write_cs / NULLIF(t.writes, 0), 2) AS avg_write_ms
FROM win w
LEFT JOIN top t ON t.r_ms <= 10 OR t.r_reads <= 5
ORDER BY 10 * t.read_cs / NULLIF(t.reads, 0) DESC NULLS LAST
