-- Licence-free: the load profile of this instance since it started (V$SYS_TIME_MODEL, V$SYSSTAT: cumulative
-- counters since instance startup, no Diagnostics Pack), used when the pack is not declared and no
-- Statspack snapshot is readable. basis_from / counters_since = the startup in UTC (SYSDATE's clock
-- minus the uptime). An average since startup hides peaks: the message says so.
WITH up AS (
  SELECT i.instance_number,
         ROUND((SYSDATE - i.startup_time) * 86400) AS elapsed_s,
         TO_CHAR(CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) - (SYSDATE - i.startup_time), 'YYYY-MM-DD HH24:MI:SS') AS since_utc
  FROM v$instance i
),
tm AS (
  SELECT SUM(CASE WHEN t.stat_name = 'DB time' THEN t.value END) / 1e6 AS db_time_s,
         SUM(CASE WHEN t.stat_name = 'DB CPU' THEN t.value END) / 1e6 AS db_cpu_s
  FROM v$sys_time_model t
  WHERE t.stat_name IN ('DB time', 'DB CPU')
),
st AS (
  SELECT SUM(CASE WHEN s.name = 'redo size' THEN s.value END) AS redo_bytes,
         SUM(CASE WHEN s.name = 'session logical reads' THEN s.value END) AS logical_reads,
         SUM(CASE WHEN s.name = 'physical reads' THEN s.value END) AS physical_reads
  FROM v$sysstat s
  WHERE s.name IN ('redo size', 'session logical reads', 'physical reads')
),
cpu AS (
  SELECT TO_NUMBER(v.value) AS cpu_count FROM v$parameter v WHERE v.name = 'cpu_count'
)
SELECT 'V$'                                                    AS source,
       CAST(NULL AS NUMBER)                                    AS pairs,
       0                                                       AS restarts,
       up.since_utc                                            AS basis_from,
       TO_CHAR(SYS_EXTRACT_UTC(SYSTIMESTAMP), 'YYYY-MM-DD HH24:MI:SS') AS basis_to,
       up.since_utc                                            AS counters_since,
       TO_CHAR(up.instance_number)                             AS instance_number,
       up.elapsed_s                                            AS elapsed_s,
       ROUND(tm.db_time_s)                                     AS db_time_s,
       ROUND(tm.db_cpu_s)                                      AS db_cpu_s,
       cpu.cpu_count                                           AS cpu_count,
       ROUND(tm.db_time_s / NULLIF(up.elapsed_s, 0), 2)        AS aas,
       ROUND(tm.db_time_s / NULLIF(up.elapsed_s, 0) / NULLIF(cpu.cpu_count, 0), 2) AS load_per_cpu,
       ROUND(st.redo_bytes / 1048576 / NULLIF(up.elapsed_s, 0), 3) AS redo_mb_s,
       ROUND(st.logical_reads / NULLIF(up.elapsed_s, 0))       AS logical_reads_s,
       ROUND(st.physical_reads / NULLIF(up.elapsed_s, 0))      AS physical_reads_s
FROM up CROSS JOIN tm CROSS JOIN st CROSS JOIN cpu
