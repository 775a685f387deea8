-- Diagnostics Pack (AWR): the load profile of each instance over the window, from pairs of consecutive
-- AWR snapshots whose end times both fall in [window_start, window_end) and that share a STARTUP_TIME
-- (an instance restart between two snapshots splits the window: that interval is not counted, since the
-- counters started again from zero). DBA_HIST_SYS_TIME_MODEL and DBA_HIST_SYSSTAT hold cumulative
-- values per snapshot, so a pair's delta is end minus begin. Times in microseconds (DB time, DB CPU);
-- END_INTERVAL_TIME_TZ (19c) converted to UTC to compare with the window binds. CPU_COUNT is each
-- instance's own, as AWR recorded it at that instance's last snapshot in the window (DBA_HIST_PARAMETER,
-- the root's / non-CDB's row: CON_DBID = DBID; a PDB may set its own cpu_count): RAC instances of
-- different sizes, or a cpu_count changed since, are not rated on this instance's value of today (that
-- value, V$PARAMETER, only when AWR holds no cpu_count row for the instance).
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
tm AS (
  SELECT p.instance_number,
         SUM(CASE WHEN e.stat_name = 'DB time' THEN e.value - b.value END) / 1e6 AS db_time_s,
         SUM(CASE WHEN e.stat_name = 'DB CPU' THEN e.value - b.value END) / 1e6 AS db_cpu_s
  FROM pairs p
  JOIN dba_hist_sys_time_model e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN dba_hist_sys_time_model b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.stat_id = e.stat_id
  WHERE e.stat_name IN ('DB time', 'DB CPU')
  GROUP BY p.instance_number
),
st AS (
  SELECT p.instance_number,
         SUM(CASE WHEN e.stat_name = 'redo size' THEN e.value - b.value END) AS redo_bytes,
         SUM(CASE WHEN e.stat_name = 'session logical reads' THEN e.value - b.value END) AS logical_reads,
         SUM(CASE WHEN e.stat_name = 'physical reads' THEN e.value - b.value END) AS physical_reads
  FROM pairs p
  JOIN dba_hist_sysstat e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN dba_hist_sysstat b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.stat_id = e.stat_id
  WHERE e.stat_name IN ('redo size', 'session logical reads', 'physical reads')
  GROUP BY p.instance_number
),
el AS (
  SELECT p.instance_number,
         SUM((CAST(p.end_utc AS DATE) - CAST(p.prev_end_utc AS DATE)) * 86400) AS elapsed_s
  FROM pairs p
  GROUP BY p.instance_number
),
cpu AS (
  SELECT p.instance_number, TO_NUMBER(MAX(r.value) KEEP (DENSE_RANK LAST ORDER BY p.snap_id)) AS cpu_count
  FROM pairs p
  JOIN dba_hist_parameter r
    ON r.dbid = p.dbid AND r.con_dbid = p.dbid AND r.instance_number = p.instance_number AND r.snap_id = p.snap_id
  WHERE r.parameter_name = 'cpu_count'
  GROUP BY p.instance_number
)
SELECT 'AWR'                                                   AS source,
       w.pairs                                                 AS pairs,
       w.restarts                                              AS restarts,
       w.basis_from                                            AS basis_from,
       w.basis_to                                              AS basis_to,
       CAST(NULL AS VARCHAR2(19))                              AS counters_since,
       TO_CHAR(el.instance_number)                             AS instance_number,
       ROUND(el.elapsed_s)                                     AS elapsed_s,
       ROUND(tm.db_time_s)                                     AS db_time_s,
       ROUND(tm.db_cpu_s)                                      AS db_cpu_s,
       NVL(cpu.cpu_count, (SELECT TO_NUMBER(v.value) FROM v$parameter v WHERE v.name = 'cpu_count')) AS cpu_count,
       ROUND(tm.db_time_s / NULLIF(el.elapsed_s, 0), 2)        AS aas,
       ROUND(tm.db_time_s / NULLIF(el.elapsed_s, 0)
             / NULLIF(NVL(cpu.cpu_count, (SELECT TO_NUMBER(v.value) FROM v$parameter v WHERE v.name = 'cpu_count')), 0), 2)
                                                               AS load_per_cpu,
       ROUND(st.redo_bytes / 1048576 / NULLIF(el.elapsed_s, 0), 3)   AS redo_mb_s,
       ROUND(st.logical_reads / NULLIF(el.elapsed_s, 0))       AS logical_reads_s,
       ROUND(st.physical_reads / NULLIF(el.elapsed_s, 0))      AS physical_reads_s
FROM win w
LEFT JOIN el ON 1 = 1
LEFT JOIN tm ON tm.instance_number = el.instance_number
LEFT JOIN st ON st.instance_number = el.instance_number
LEFT JOIN cpu ON cpu.instance_number = el.instance_number
ORDER BY load_per_cpu DESC NULLS LAST
