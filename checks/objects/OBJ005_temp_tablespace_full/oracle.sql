-- Temporary tablespace use (DBA_TEMP_FREE_SPACE, bytes): what is neither free nor reusable.
SELECT t.tablespace_name                                                    AS tablespace_name,
       ROUND(t.tablespace_size / 1048576)                                   AS size_mb,
       ROUND((t.tablespace_size - t.free_space) / 1048576)                  AS used_mb,
       ROUND(100 * (t.tablespace_size - t.free_space) / NULLIF(t.tablespace_size, 0), 1) AS used_pct
FROM dba_temp_free_space t
ORDER BY 4 DESC
