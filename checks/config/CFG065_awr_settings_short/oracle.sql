-- AWR snapshot interval and retention for this database (DBA_HIST_WR_CONTROL; both INTERVAL DAY TO SECOND,
-- turned into minutes and days here). DBA_HIST_WR_CONTROL is a Diagnostics Pack view: the spec requires the
-- pack, so it is read only where control_management_pack_access includes DIAGNOSTIC.
SELECT c.dbid                                                                                   AS dbid,
       EXTRACT(DAY FROM c.snap_interval) * 1440 + EXTRACT(HOUR FROM c.snap_interval) * 60
         + EXTRACT(MINUTE FROM c.snap_interval)                                                 AS interval_min,
       EXTRACT(DAY FROM c.retention) + ROUND(EXTRACT(HOUR FROM c.retention) / 24, 2)            AS retention_days,
       c.topnsql                                                                                AS topnsql
FROM dba_hist_wr_control c
WHERE c.dbid = (SELECT d.dbid FROM v$database d)
