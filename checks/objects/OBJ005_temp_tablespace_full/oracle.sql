-- Temporary tablespace use (DBA_TEMP_FREE_SPACE, bytes): what is neither free nor reusable, against the
-- most the tablespace can grow to (DBA_TEMP_FILES: MAXBYTES for an autoextensible tempfile, its size
-- otherwise): a tempfile that can still autoextend is not exhausted when its current size is in use.
WITH files AS (
  SELECT f.tablespace_name,
         SUM(CASE WHEN f.autoextensible = 'YES' THEN GREATEST(f.maxbytes, f.bytes) ELSE f.bytes END) AS max_bytes
  FROM dba_temp_files f
  GROUP BY f.tablespace_name
)
SELECT t.tablespace_name                                                          AS tablespace_name,
       ROUND(t.tablespace_size / 1048576)                                         AS size_mb,
       ROUND(NVL(f.max_bytes, t.tablespace_size) / 1048576)                       AS max_mb,
       ROUND((t.tablespace_size - t.free_space) / 1048576)                        AS used_mb,
       ROUND(100 * (t.tablespace_size - t.free_space) / NULLIF(GREATEST(NVL(f.max_bytes, 0), t.tablespace_size), 0), 1) AS used_pct
FROM dba_temp_free_space t
LEFT JOIN files f ON f.tablespace_name = t.tablespace_name
ORDER BY 5 DESC
