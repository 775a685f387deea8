-- Statspack (licence-free): the statements with the most elapsed time, CPU, buffer gets or executions over
-- the window (the top 5 by each), from STATS$SQL_SUMMARY: cumulative values of the statements over the
-- snapshot thresholds (level 5+), so a pair's delta is end minus begin for a statement captured at both
-- (one captured only at the end is left out: the totals are a lower bound). Pairs: consecutive snapshots
-- in the window with the same STARTUP_TIME. SQL_TEXT (first 1000 characters in Statspack) cut to 200: it is
-- data, shown escaped (con_id NULL: Statspack keeps no container). The header row (sql_id NULL) comes back even with no SQL.
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
q AS (
  SELECT e.sql_id,
         SUM(e.elapsed_time - b.elapsed_time) / 1e6 AS elapsed_s, SUM(e.cpu_time - b.cpu_time) / 1e6 AS cpu_s,
         SUM(e.buffer_gets - b.buffer_gets) AS buffer_gets, SUM(e.executions - b.executions) AS executions,
         SUBSTR(MAX(e.sql_text), 1, 200) AS sql_text
  FROM pairs p
  JOIN perfstat.stats$sql_summary e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN perfstat.stats$sql_summary b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.old_hash_value = e.old_hash_value AND b.text_subset = e.text_subset
  WHERE e.elapsed_time >= b.elapsed_time
  GROUP BY e.sql_id
),
ranked AS (
  SELECT q.*, ROW_NUMBER() OVER (ORDER BY q.elapsed_s DESC) AS r_el, ROW_NUMBER() OVER (ORDER BY q.cpu_s DESC) AS r_cpu,
         ROW_NUMBER() OVER (ORDER BY q.buffer_gets DESC) AS r_gets, ROW_NUMBER() OVER (ORDER BY q.executions DESC) AS r_ex
  FROM q
  WHERE q.elapsed_s > 0
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
)
SELECT 'Statspack' AS source, w.pairs AS pairs, w.restarts AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       CAST(NULL AS VARCHAR2(19)) AS counters_since,
       CAST(NULL AS VARCHAR2(40)) AS con_id, t.sql_id AS sql_id, ROUND(t.elapsed_s) AS elapsed_s, ROUND(t.cpu_s) AS cpu_s, t.buffer_gets AS buffer_gets,
       t.executions AS executions, ROUND(t.elapsed_s * 1000 / NULLIF(t.executions, 0), 2) AS ms_per_exec,
       ROUND(100 * t.elapsed_s / NULLIF(d.db_time_s, 0), 1) AS pct_db_time, ROUND(d.db_time_s) AS db_time_s,
       RTRIM(CASE WHEN t.r_el <= 5 THEN 'elapsed ' END || CASE WHEN t.r_cpu <= 5 THEN 'cpu ' END
             || CASE WHEN t.r_gets <= 5 THEN 'gets ' END || CASE WHEN t.r_ex <= 5 THEN 'executions' END) AS top_by,
       t.sql_text AS sql_text
FROM win w
CROSS JOIN dbt d
LEFT JOIN ranked t ON LEAST(t.r_el, t.r_cpu, t.r_gets, t.r_ex) <= 5
ORDER BY t.elapsed_s DESC NULLS LAST
