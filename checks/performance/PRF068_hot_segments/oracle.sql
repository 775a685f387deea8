-- Licence-free AWR views (DBA_HIST_SNAPSHOT, DBA_HIST_SEG_STAT, DBA_HIST_SEG_STAT_OBJ are the Database
-- Licensing Information 19c exceptions to the Diagnostics Pack, so this runs without the pack; AWR also
-- takes its snapshots with control_management_pack_access = NONE, SNAP_FLAG 4): the segments with the most
-- logical reads over the window, from the *_DELTA columns of the snapshots ending a pair inside the window
-- (same STARTUP_TIME: a restart splits it), with physical reads, row lock and buffer busy waits. AWR keeps
-- only its top segments per snapshot, so shares are of what it captured (total_logical_reads).
-- In the CDB root the views hold every PDB's segments (CON_DBID): OBJ#, DATAOBJ# and TS# are numbered
-- per PDB, so segments are grouped and named per CON_DBID (con_id: the container, 0 in a non-CDB).
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
seg AS (
  SELECT x.dbid, x.con_dbid, MAX(x.con_id) AS con_id, x.ts#, x.obj#, x.dataobj#,
         SUM(x.logical_reads_delta) AS logical_reads, SUM(x.physical_reads_delta) AS physical_reads,
         SUM(x.row_lock_waits_delta) AS row_lock_waits, SUM(x.buffer_busy_waits_delta) AS buffer_busy_waits
  FROM pairs p
  JOIN dba_hist_seg_stat x ON x.dbid = p.dbid AND x.instance_number = p.instance_number AND x.snap_id = p.snap_id
  GROUP BY x.dbid, x.con_dbid, x.ts#, x.obj#, x.dataobj#
),
tot AS (
  SELECT SUM(seg.logical_reads) AS total_logical_reads FROM seg
),
top AS (
  SELECT seg.*, ROW_NUMBER() OVER (ORDER BY seg.logical_reads DESC) AS r_lr,
         ROW_NUMBER() OVER (ORDER BY seg.row_lock_waits DESC) AS r_rl
  FROM seg
)
SELECT 'AWR' AS source, w.pairs AS pairs, w.restarts AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       CAST(NULL AS VARCHAR2(19)) AS counters_since,
       TO_CHAR(t.con_id) AS con_id, o.owner AS owner, NVL(o.object_name, 'obj#' || t.obj#) AS object_name, o.subobject_name AS subobject_name,
       o.object_type AS object_type, t.logical_reads AS logical_reads, t.physical_reads AS physical_reads,
       t.row_lock_waits AS row_lock_waits, t.buffer_busy_waits AS buffer_busy_waits,
       ROUND(100 * t.logical_reads / NULLIF(tot.total_logical_reads, 0), 1) AS pct_logical_reads,
       tot.total_logical_reads AS total_logical_reads
FROM win w
CROSS JOIN tot
LEFT JOIN top t ON t.r_lr <= 10 OR t.r_rl <= 5
LEFT JOIN dba_hist_seg_stat_obj o
  ON o.dbid = t.dbid AND o.con_dbid = t.con_dbid AND o.ts# = t.ts# AND o.obj# = t.obj# AND o.dataobj# = t.dataobj#
ORDER BY t.logical_reads DESC NULLS LAST
