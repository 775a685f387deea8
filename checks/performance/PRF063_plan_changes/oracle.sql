-- Licence-free: statements with more than one execution plan among the cursors in this instance's
-- shared pool now (V$SQL, child cursors summed per SQL_ID and PLAN_HASH_VALUE; cumulative since each
-- cursor was loaded, at most since startup — an aged-out plan is not seen), the slowest and the fastest
-- plan by elapsed time per execution. PLAN_HASH_VALUE 0 (no plan) left out. Per container (CON_ID): in the
-- CDB root V$SQL shows every PDB's cursors, and one SQL_ID in two PDBs is two statements on different tables.
WITH up AS (
  SELECT TO_CHAR(CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) - (SYSDATE - i.startup_time), 'YYYY-MM-DD HH24:MI:SS') AS since_utc,
         TO_CHAR(SYS_EXTRACT_UTC(SYSTIMESTAMP), 'YYYY-MM-DD HH24:MI:SS') AS now_utc
  FROM v$instance i
),
per AS (
  SELECT x.con_id, x.sql_id, x.plan_hash_value, SUM(x.executions) AS execs, SUM(x.elapsed_time) / 1e6 AS elapsed_s
  FROM v$sql x
  WHERE x.plan_hash_value <> 0
  GROUP BY x.con_id, x.sql_id, x.plan_hash_value
  HAVING SUM(x.executions) > 0
),
multi AS (
  SELECT per.con_id, per.sql_id, per.plan_hash_value, per.execs, per.elapsed_s, per.elapsed_s * 1000 / per.execs AS ms_per_exec,
         COUNT(*) OVER (PARTITION BY per.con_id, per.sql_id) AS plans
  FROM per
),
agg AS (
  SELECT m.sql_id, MAX(m.con_id) AS con_id, MAX(m.plans) AS plans,
         MAX(m.plan_hash_value) KEEP (DENSE_RANK LAST ORDER BY m.ms_per_exec) AS slow_plan,
         MAX(m.ms_per_exec) AS slow_ms,
         MAX(m.execs) KEEP (DENSE_RANK LAST ORDER BY m.ms_per_exec) AS slow_execs,
         MIN(m.plan_hash_value) KEEP (DENSE_RANK FIRST ORDER BY m.ms_per_exec) AS fast_plan,
         MIN(m.ms_per_exec) AS fast_ms,
         MIN(m.execs) KEEP (DENSE_RANK FIRST ORDER BY m.ms_per_exec) AS fast_execs,
         SUM(m.elapsed_s) AS elapsed_s
  FROM multi m
  WHERE m.plans > 1
  GROUP BY m.con_id, m.sql_id
)
SELECT 'V$' AS source, CAST(NULL AS NUMBER) AS pairs, 0 AS restarts, up.since_utc AS basis_from, up.now_utc AS basis_to,
       up.since_utc AS counters_since,
       TO_CHAR(g.con_id) AS con_id, g.sql_id AS sql_id, g.plans AS plans, TO_CHAR(g.slow_plan) AS slow_plan, ROUND(g.slow_ms, 2) AS slow_ms,
       g.slow_execs AS slow_execs, TO_CHAR(g.fast_plan) AS fast_plan, ROUND(g.fast_ms, 2) AS fast_ms, g.fast_execs AS fast_execs,
       LEAST(g.slow_execs, g.fast_execs) AS min_execs, ROUND(g.slow_ms / NULLIF(g.fast_ms, 0), 1) AS regression,
       ROUND(g.elapsed_s) AS elapsed_s
FROM up
LEFT JOIN agg g ON 1 = 1
ORDER BY g.slow_ms / NULLIF(g.fast_ms, 0) DESC NULLS LAST
FETCH FIRST 20 ROWS ONLY
