-- Licence-free: the statements of this instance with the most elapsed time, CPU, buffer gets or
-- executions (the top 5 by each, all plans of a SQL_ID summed) from V$SQLSTATS: cumulative since each
-- statement was loaded into the shared pool (at most since instance startup; an aged-out statement is
-- gone), compared with DB time since startup. SQL_TEXT cut to 200 characters: it is data, shown escaped.
WITH up AS (
  SELECT TO_CHAR(CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) - (SYSDATE - i.startup_time), 'YYYY-MM-DD HH24:MI:SS') AS since_utc,
         TO_CHAR(SYS_EXTRACT_UTC(SYSTIMESTAMP), 'YYYY-MM-DD HH24:MI:SS') AS now_utc
  FROM v$instance i
),
q AS (
  SELECT x.con_id, x.sql_id, SUM(x.elapsed_time) / 1e6 AS elapsed_s, SUM(x.cpu_time) / 1e6 AS cpu_s,
         SUM(x.buffer_gets) AS buffer_gets, SUM(x.executions) AS executions, SUBSTR(MAX(x.sql_text), 1, 200) AS sql_text
  FROM v$sqlstats x
  GROUP BY x.con_id, x.sql_id
),
ranked AS (
  SELECT q.*, ROW_NUMBER() OVER (ORDER BY q.elapsed_s DESC) AS r_el, ROW_NUMBER() OVER (ORDER BY q.cpu_s DESC) AS r_cpu,
         ROW_NUMBER() OVER (ORDER BY q.buffer_gets DESC) AS r_gets, ROW_NUMBER() OVER (ORDER BY q.executions DESC) AS r_ex
  FROM q
  WHERE q.elapsed_s > 0
),
dbt AS (
  SELECT t.value / 1e6 AS db_time_s FROM v$sys_time_model t WHERE t.stat_name = 'DB time'
)
SELECT 'V$' AS source, CAST(NULL AS NUMBER) AS pairs, 0 AS restarts, up.since_utc AS basis_from, up.now_utc AS basis_to,
       up.since_utc AS counters_since,
       TO_CHAR(t.con_id) AS con_id, t.sql_id AS sql_id, ROUND(t.elapsed_s) AS elapsed_s, ROUND(t.cpu_s) AS cpu_s, t.buffer_gets AS buffer_gets,
       t.executions AS executions, ROUND(t.elapsed_s * 1000 / NULLIF(t.executions, 0), 2) AS ms_per_exec,
       ROUND(100 * t.elapsed_s / NULLIF(d.db_time_s, 0), 1) AS pct_db_time, ROUND(d.db_time_s) AS db_time_s,
       RTRIM(CASE WHEN t.r_el <= 5 THEN 'elapsed ' END || CASE WHEN t.r_cpu <= 5 THEN 'cpu ' END
             || CASE WHEN t.r_gets <= 5 THEN 'gets ' END || CASE WHEN t.r_ex <= 5 THEN 'executions' END) AS top_by,
       t.sql_text AS sql_text
FROM up
CROSS JOIN dbt d
LEFT JOIN ranked t ON LEAST(t.r_el, t.r_cpu, t.r_gets, t.r_ex) <= 5
ORDER BY t.elapsed_s DESC NULLS LAST
