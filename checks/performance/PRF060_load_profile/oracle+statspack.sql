-- Statspack (PERFSTAT, licence-free): the load profile of each instance over the window, from pairs of
-- consecutive Statspack snapshots whose times both fall in [window_start, window_end) and that share a
-- STARTUP_TIME (a restart between two snapshots splits the window: that interval is not counted).
-- STATS$SYS_TIME_MODEL / STATS$SYSSTAT hold cumulative values per snapshot: a pair's delta is end minus
-- begin. SNAP_TIME is a DATE in the server's clock (SYSDATE): converted to UTC with the server's current
-- offset from UTC (a DST change inside the window shifts the window's edges by that hour).
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
tm AS (
  SELECT p.instance_number,
         SUM(CASE WHEN n.stat_name = 'DB time' THEN e.value - b.value END) / 1e6 AS db_time_s,
         SUM(CASE WHEN n.stat_name = 'DB CPU' THEN e.value - b.value END) / 1e6 AS db_cpu_s
  FROM pairs p
  JOIN perfstat.stats$sys_time_model e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN perfstat.stats$sys_time_model b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.stat_id = e.stat_id
  JOIN perfstat.stats$time_model_statname n ON n.stat_id = e.stat_id
  WHERE n.stat_name IN ('DB time', 'DB CPU')
  GROUP BY p.instance_number
),
st AS (
  SELECT p.instance_number,
         SUM(CASE WHEN e.name = 'redo size' THEN e.value - b.value END) AS redo_bytes,
         SUM(CASE WHEN e.name = 'session logical reads' THEN e.value - b.value END) AS logical_reads,
         SUM(CASE WHEN e.name = 'physical reads' THEN e.value - b.value END) AS physical_reads
  FROM pairs p
  JOIN perfstat.stats$sysstat e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN perfstat.stats$sysstat b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.name = e.name
  WHERE e.name IN ('redo size', 'session logical reads', 'physical reads')
  GROUP BY p.instance_number
),
el AS (
  SELECT p.instance_number, SUM((p.end_utc - p.prev_end_utc) * 86400) AS elapsed_s
  FROM pairs p
  GROUP BY p.instance_number
),
cpu AS (
  SELECT TO_NUMBER(v.value) AS cpu_count FROM v$parameter v WHERE v.name = 'cpu_count'
)
SELECT 'Statspack'                                             AS source,
       w.pairs                                                 AS pairs,
       w.restarts                                              AS restarts,
       w.basis_from                                            AS basis_from,
       w.basis_to                                              AS basis_to,
       CAST(NULL AS VARCHAR2(19))                              AS counters_since,
       TO_CHAR(el.instance_number)                             AS instance_number,
       ROUND(el.elapsed_s)                                     AS elapsed_s,
       ROUND(tm.db_time_s)                                     AS db_time_s,
       ROUND(tm.db_cpu_s)                                      AS db_cpu_s,
       (SELECT c.cpu_count FROM cpu c)                         AS cpu_count,
       ROUND(tm.db_time_s / NULLIF(el.elapsed_s, 0), 2)        AS aas,
       ROUND(tm.db_time_s / NULLIF(el.elapsed_s, 0) / NULLIF((SELECT c.cpu_count FROM cpu c), 0), 2) AS load_per_cpu,
       ROUND(st.redo_bytes / 1048576 / NULLIF(el.elapsed_s, 0), 3)   AS redo_mb_s,
       ROUND(st.logical_reads / NULLIF(el.elapsed_s, 0))       AS logical_reads_s,
       ROUND(st.physical_reads / NULLIF(el.elapsed_s, 0))      AS physical_reads_s
FROM win w
LEFT JOIN el ON 1 = 1
LEFT JOIN tm ON tm.instance_number = el.instance_number
LEFT JOIN st ON st.instance_number = el.instance_number
ORDER BY load_per_cpu DESC NULLS LAST
