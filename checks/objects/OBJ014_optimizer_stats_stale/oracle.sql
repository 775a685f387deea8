-- Optimizer statistics of application tables: how many are stale (DBA_TAB_STATISTICS.STALE_STATS = 'YES',
-- more than the STALE_PERCENT preference of rows changed, 10 % by default) or were never gathered
-- (LAST_ANALYZED NULL), one summary row; and whether the automatic statistics job is enabled
-- (DBA_AUTOTASK_CLIENT 'auto optimizer stats collection') and when it last finished
-- (DBA_OPTSTAT_OPERATIONS 'gather_database_stats(auto)': written with and without the space in
-- the sources read, so matched with LIKE). Temporary tables (statistics are session
-- business) and tables whose statistics are locked on purpose are left out.
WITH t AS (
  SELECT s.owner, s.table_name, s.stale_stats, s.last_analyzed
  FROM dba_tab_statistics s
  JOIN dba_users u ON u.username = s.owner
  JOIN dba_tables tb ON tb.owner = s.owner AND tb.table_name = s.table_name
  WHERE s.object_type = 'TABLE'
    AND u.oracle_maintained = 'N'
    AND tb.temporary = 'N'
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
        WHERE o.operation LIKE 'gather_database_stats%auto%')                              AS last_auto_gather,
       (SELECT ROUND(CAST(SYSTIMESTAMP AS DATE) - CAST(MAX(o.end_time) AS DATE), 1) FROM dba_optstat_operations o
        WHERE o.operation LIKE 'gather_database_stats%auto%')                              AS days_since_auto_gather
FROM dual
