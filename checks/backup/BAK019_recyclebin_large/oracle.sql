-- The recycle bin of this container now. DBA_RECYCLEBIN lists the objects dropped while the RECYCLEBIN
-- parameter was on, kept for FLASHBACK TABLE ... TO BEFORE DROP until purged by hand or by the database
-- itself when a tablespace needs the space. One row per tablespace, each with the RECYCLEBIN parameter
-- (V$PARAMETER: this session's value, the system's unless ALTER SESSION changed it, which dbpatrol does
-- not); an empty bin gives one row with no tablespace, so the parameter is still seen.
-- SPACE is in blocks of the object's tablespace: times DBA_TABLESPACES.BLOCK_SIZE. A tablespace's size is
-- what its data files hold now (DBA_DATA_FILES.BYTES), not the autoextend maximum. DROPTIME is VARCHAR2(19)
-- text in the server's clock, 'YYYY-MM-DD:HH24:MI:SS' as SHOW RECYCLEBIN prints it: its age is computed
-- only when it converts (VALIDATE_CONVERSION, 12.2+), else left NULL rather than failing the statement.
WITH p AS (
  SELECT MAX(v.value) AS recyclebin FROM v$parameter v WHERE v.name = 'recyclebin'
), rb AS (
  SELECT r.ts_name                                            AS ts_name,
         COUNT(*)                                             AS objects,
         SUM(CASE WHEN r.type = 'TABLE' THEN 1 ELSE 0 END)    AS tables,
         SUM(NVL(r.space, 0) * t.block_size)                  AS bytes,
         MIN(r.droptime)                                      AS oldest_drop
  FROM dba_recyclebin r
  LEFT JOIN dba_tablespaces t ON t.tablespace_name = r.ts_name
  GROUP BY r.ts_name
), df AS (
  SELECT f.tablespace_name AS tablespace_name, SUM(f.bytes) AS bytes
  FROM dba_data_files f
  GROUP BY f.tablespace_name
)
SELECT p.recyclebin                                           AS recyclebin,
       rb.ts_name                                             AS ts_name,
       rb.objects                                             AS objects,
       rb.tables                                              AS tables,
       ROUND(rb.bytes / 1048576)                              AS space_mb,
       ROUND(df.bytes / 1048576)                              AS ts_size_mb,
       ROUND(100 * rb.bytes / NULLIF(df.bytes, 0), 1)         AS share_pct,
       rb.oldest_drop                                         AS oldest_drop,
       CASE WHEN VALIDATE_CONVERSION(rb.oldest_drop AS DATE, 'YYYY-MM-DD:HH24:MI:SS') = 1
            THEN ROUND(SYSDATE - TO_DATE(rb.oldest_drop, 'YYYY-MM-DD:HH24:MI:SS'), 1) END AS oldest_days
FROM p
LEFT JOIN rb ON 1 = 1
LEFT JOIN df ON df.tablespace_name = rb.ts_name
ORDER BY rb.bytes DESC NULLS LAST
FETCH FIRST 200 ROWS ONLY
