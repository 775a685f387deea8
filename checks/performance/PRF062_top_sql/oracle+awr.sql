-- Diagnostics Pack (AWR): the statements with the most elapsed time, CPU, buffer gets or executions over
-- the window (the top 5 by each, one row per SQL_ID, all plans summed), from DBA_HIST_SQLSTAT's *_DELTA
-- columns of the snapshots that end a pair inside the window (same STARTUP_TIME as the one before: a
-- restart splits the window). AWR keeps only its top statements per snapshot, so a statement's totals are
-- what AWR captured (a lower bound). SQL_TEXT (DBA_HIST_SQLTEXT, a CLOB) is cut to 200 characters: it is
-- data, shown escaped. Times in microseconds. Per container (CON_DBID: the root's AWR holds every PDB's SQL).
-- The header row (sql_id NULL) comes back even with no SQL.
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
q AS (
  SELECT x.con_dbid, MAX(x.con_id) AS con_id, x.sql_id,
         SUM(x.elapsed_time_delta) / 1e6 AS elapsed_s, SUM(x.cpu_time_delta) / 1e6 AS cpu_s,
         SUM(x.buffer_gets_delta) AS buffer_gets, SUM(x.executions_delta) AS executions,
         (SELECT DBMS_LOB.SUBSTR(t.sql_text, 200, 1) FROM dba_hist_sqltext t
          WHERE t.dbid = MAX(x.dbid) AND t.con_dbid = x.con_dbid AND t.sql_id = x.sql_id AND ROWNUM = 1) AS sql_text
  FROM pairs p
  JOIN dba_hist_sqlstat x ON x.dbid = p.dbid AND x.instance_number = p.instance_number AND x.snap_id = p.snap_id
  GROUP BY x.con_dbid, x.sql_id
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
  JOIN dba_hist_sys_time_model e
    ON e.dbid = p.dbid AND e.instance_number = p.instance_number AND e.snap_id = p.snap_id
  JOIN dba_hist_sys_time_model b
    ON b.dbid = p.dbid AND b.instance_number = p.instance_number AND b.snap_id = p.prev_snap_id
   AND b.stat_id = e.stat_id
  WHERE e.stat_name = 'DB time'
)
SELECT 'AWR' AS source, w.pairs AS pairs, w.restarts AS restarts, w.basis_from AS basis_from, w.basis_to AS basis_to,
       CAST(NULL AS VARCHAR2(19)) AS counters_since,
       TO_CHAR(t.con_id) AS con_id, t.sql_id AS sql_id, ROUND(t.elapsed_s) AS elapsed_s, ROUND(t.cpu_s) AS cpu_s, t.buffer_gets AS buffer_gets,
       t.executions AS executions, ROUND(t.elapsed_s * 1000 / NULLIF(t.executions, 0), 2) AS ms_per_exec,
       ROUND(100 * t.elapsed_s / NULLIF(d.db_time_s, 0), 1) AS pct_db_time, ROUND(d.db_time_s) AS db_time_s,
       RTRIM(CASE WHEN t.r_el <= 5 THEN 'elapsed ' END || CASE WHEN t.r_cpu <= 5 THEN 'cpu ' END
             || CASE WHEN t.r_gets <= 5 THEN 'gets ' END || CASE WHEN t.r_ex <= 5 THEN 'executions' END) AS top_by,
       t.sql_text AS sql_text
FROM win w
CROSS JOIN dbt d
LEFT JOIN ranked t ON LEAST(t.r_el, t.r_cpu, t.r_gets, t.r_ex) <= 5
ORDER BY t.elapsed_s DESC NULLS LAST
