-- The fastest-growing segments inside the window, from AWR's segment statistics: DBA_HIST_SEG_STAT
-- (SPACE_ALLOCATED_DELTA per snapshot interval) with the names from DBA_HIST_SEG_STAT_OBJ and the times from
-- DBA_HIST_SNAPSHOT. These three are the licence-free DBA_HIST_* views (Oracle Database Licensing
-- Information 19c, Diagnostics Pack: catalog.md §2.3). AWR keeps only the top segments per snapshot, so a
-- segment may be missing from some intervals: the growth is at least what is summed here. The first row
-- always comes: snapshots = how many snapshots ended inside the window (0: AWR took none, nothing to judge).
-- A snapshot taken while control_management_pack_access is NONE is still written (DBA_HIST_SNAPSHOT
-- SNAP_FLAG 4, "taken while Diagnostic Pack or Tuning Pack was not enabled") but carries no statistics:
-- SEG_STAT_ROWS counts the segment rows the window's snapshots hold (any live database has some), so an
-- empty AWR is not read as "no segment grew"; PACK_OFF_SNAPSHOTS says how many were flagged so.
-- END_INTERVAL_TIME is a TIMESTAMP in the server's clock: the UTC window is converted to it.
-- In a CDB the root's snapshots hold every PDB's segments (CON_ID): the growth is summed per container,
-- since the same application schema in two PDBs is two segments, and CONTAINER names where it is
-- (the PDB from GV$PDBS, CDB$ROOT for CON_ID 1, the database name in a non-CDB, CON_ID 0).
WITH w AS (
  SELECT CAST(FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS ws,
         CAST(FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, 'TZH:TZM') AS DATE) AS we
  FROM dual
),
snaps AS (
  SELECT s.dbid, s.instance_number, s.snap_id, s.begin_interval_time, s.end_interval_time, s.snap_flag
  FROM dba_hist_snapshot s
  CROSS JOIN w
  WHERE s.end_interval_time > w.ws
    AND s.end_interval_time <= w.we
),
cover AS (
  SELECT COUNT(*)                                                                              AS snapshots,
         ROUND(CAST(MAX(n.end_interval_time) AS DATE) - CAST(MIN(n.begin_interval_time) AS DATE), 3) AS days_covered,
         SUM(CASE WHEN BITAND(n.snap_flag, 4) = 4 THEN 1 ELSE 0 END)                                AS pack_off_snapshots,
         (SELECT COUNT(*) FROM dba_hist_seg_stat g2
          JOIN snaps n2 ON n2.dbid = g2.dbid AND n2.instance_number = g2.instance_number
                       AND n2.snap_id = g2.snap_id)                                               AS seg_stat_rows
  FROM snaps n
),
growth AS (
  SELECT o.con_id, o.owner, o.object_name, o.subobject_name, o.object_type, o.tablespace_name,
         SUM(g.space_allocated_delta) AS grown_bytes
  FROM dba_hist_seg_stat g
  JOIN snaps n ON n.dbid = g.dbid AND n.instance_number = g.instance_number AND n.snap_id = g.snap_id
  JOIN dba_hist_seg_stat_obj o ON o.dbid = g.dbid AND o.ts# = g.ts# AND o.obj# = g.obj# AND o.dataobj# = g.dataobj#
                              AND o.con_dbid = g.con_dbid
  GROUP BY o.con_dbid, o.con_id, o.owner, o.object_name, o.subobject_name, o.object_type, o.tablespace_name
  HAVING SUM(g.space_allocated_delta) > 0
  ORDER BY 7 DESC
  FETCH FIRST 20 ROWS ONLY
)
SELECT c.snapshots                                                                     AS snapshots,
       c.days_covered                                                                  AS days_covered,
       c.pack_off_snapshots                                                            AS pack_off_snapshots,
       c.seg_stat_rows                                                                 AS seg_stat_rows,
       g.con_id                                                                        AS con_id,
       CASE WHEN g.con_id = 0 THEN SYS_CONTEXT('USERENV', 'DB_NAME')
            WHEN g.con_id = 1 THEN 'CDB$ROOT'
            ELSE (SELECT MAX(p.name) FROM gv$pdbs p WHERE p.con_id = g.con_id) END    AS container,
       g.owner                                                                         AS owner,
       g.object_name                                                                   AS object_name,
       g.subobject_name                                                                AS subobject_name,
       g.object_type                                                                   AS object_type,
       g.tablespace_name                                                               AS tablespace_name,
       ROUND(g.grown_bytes / 1048576, 1)                                               AS grown_mb,
       ROUND(g.grown_bytes / 1048576 / GREATEST(NVL(c.days_covered, 0), 1 / 24), 1)    AS grown_mb_per_day
FROM cover c
LEFT JOIN growth g ON 1 = 1
ORDER BY 12 DESC NULLS LAST
