-- Optimizer statistics of application tables: how many are stale (DBA_TAB_STATISTICS.STALE_STATS = 'YES',
-- more than the STALE_PERCENT preference of rows changed, 10 % by default) or were never gathered
-- (LAST_ANALYZED NULL), one summary row; and whether the automatic statistics job is enabled
-- (DBA_AUTOTASK_CLIENT 'auto optimizer stats collection') and when it last COMPLETED
-- (DBA_OPTSTAT_OPERATIONS 'gather_database_stats(auto)': written with and without the space in
-- the sources read, so matched with LIKE). A run that ran out of its maintenance window is STATUS
-- 'TIMED OUT' (or 'FAILED') with an END_TIME all the same: only COMPLETED counts as finished, and the
-- last run's status and how many auto runs did not complete in the last 7 days are returned beside it.
-- The age is SYSTIMESTAMP - END_TIME as an interval: both carry their time zone (a CAST to DATE would
-- drop it and be off by the difference between the scheduler's zone and the OS clock).
-- Left out: temporary tables (statistics are session business), external tables (nothing the auto job
-- gathers), IOT overflow / mapping tables (gathered with their IOT) and tables whose statistics are
-- locked on purpose.
WITH t AS (
  SELECT s.owner, s.table_name, s.stale_stats, s.last_analyzed
  FROM dba_tab_statistics s
  JOIN dba_users u ON u.username = s.owner
  JOIN dba_tables tb ON tb.owner = s.owner AND tb.table_name = s.table_name
  WHERE s.object_type = 'TABLE'
    AND u.oracle_maintained = 'N'
    AND tb.temporary = 'N'
    AND (tb.iot_type IS NULL OR tb.iot_type = 'IOT')
    AND NOT EXISTS (SELECT 1 FROM dba_external_tables x WHERE x.owner = s.owner AND x.table_name = s.table_name)
    AND s.stattype_locked IS NULL
    AND s.table_name NOT LIKE 'BIN$%'
)
SELECT (SELECT COUNT(*) FROM t)                                                          AS tables,
       (SELECT COUNT(*) FROM t WHERE t.stale_stats = 'YES')                              AS stale_tables,
       (SELECT COUNT(*) FROM t WHERE t.last_analyzed IS NULL)                            AS unanalyzed_tables,
       (SELECT ROUND(100 * COUNT(CASE WHEN t.stale_stats = 'YES' OR t.last_analyzed IS NULL THEN 1 END)
                     / NULLIF(COUNT(*), 0), 1) FROM t)                                   AS stale_pct,
       (SELECT MIN(t.owner || '.' || t.table_name) FROM t
        WHERE t.stale_stats = 'YES' OR t.last_analyzed IS NULL)                          AS example,
       (SELECT MAX(c.status) FROM dba_autotask_client c
        WHERE c.client_name = 'auto optimizer stats collection')                         AS autotask_status,
       (SELECT TO_CHAR(MAX(o.end_time), 'YYYY-MM-DD HH24:MI:SS TZH:TZM') FROM dba_optstat_operations o
        WHERE o.operation LIKE 'gather_database_stats%auto%' AND o.status = 'COMPLETED')    AS last_auto_gather,
       (SELECT ROUND(EXTRACT(DAY FROM SYSTIMESTAMP - MAX(o.end_time))
                     + EXTRACT(HOUR FROM SYSTIMESTAMP - MAX(o.end_time)) / 24
                     + EXTRACT(MINUTE FROM SYSTIMESTAMP - MAX(o.end_time)) / 1440, 1)
        FROM dba_optstat_operations o
        WHERE o.operation LIKE 'gather_database_stats%auto%' AND o.status = 'COMPLETED')    AS days_since_auto_gather,
       (SELECT MAX(o.status) FROM dba_optstat_operations o
        WHERE o.operation LIKE 'gather_database_stats%auto%'
          AND o.start_time = (SELECT MAX(o2.start_time) FROM dba_optstat_operations o2
                              WHERE o2.operation LIKE 'gather_database_stats%auto%'))        AS last_auto_status,
       (SELECT COUNT(*) FROM dba_optstat_operations o
        WHERE o.operation LIKE 'gather_database_stats%auto%'
          AND o.status IN ('TIMED OUT', 'FAILED')
          AND o.start_time > SYSTIMESTAMP - INTERVAL '7' DAY)                                AS auto_not_completed_7d
FROM dual
