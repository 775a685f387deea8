-- Licence-free: the foreground wait events (wait class not Idle) of this instance with the most time
-- since it started (V$SYSTEM_EVENT *_FG, V$SYS_TIME_MODEL 'DB time': cumulative since startup), as a
-- share of DB time. Used without the Diagnostics Pack and without Statspack. The header row comes back
-- even with no event.
WITH up AS (
  SELECT TO_CHAR(CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) - (SYSDATE - i.startup_time), 'YYYY-MM-DD HH24:MI:SS') AS since_utc,
         TO_CHAR(SYS_EXTRACT_UTC(SYSTIMESTAMP), 'YYYY-MM-DD HH24:MI:SS') AS now_utc
  FROM v$instance i
),
dbt AS (
  SELECT t.value / 1e6 AS db_time_s FROM v$sys_time_model t WHERE t.stat_name = 'DB time'
),
top AS (
  SELECT e.event, e.wait_class, e.total_waits_fg AS waits, e.time_waited_micro_fg / 1e6 AS time_s,
         ROW_NUMBER() OVER (ORDER BY e.time_waited_micro_fg DESC) AS rn
  FROM v$system_event e
  WHERE e.wait_class <> 'Idle' AND e.time_waited_micro_fg > 0
)
SELECT 'V$' AS source, CAST(NULL AS NUMBER) AS pairs, 0 AS restarts, up.since_utc AS basis_from, up.now_utc AS basis_to,
       up.since_utc AS counters_since,
       t.event AS event, t.wait_class AS wait_class, t.waits AS waits, ROUND(t.time_s) AS time_s,
       ROUND(t.time_s * 1000 / NULLIF(t.waits, 0), 2) AS avg_ms,
       ROUND(100 * t.time_s / NULLIF(d.db_time_s, 0), 1) AS pct_db_time,
       ROUND(d.db_time_s) AS db_time_s
FROM up
CROSS JOIN dbt d
LEFT JOIN top t ON t.rn <= 10
ORDER BY t.time_s DESC NULLS LAST
