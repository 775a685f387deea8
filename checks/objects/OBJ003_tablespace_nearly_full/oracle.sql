-- Permanent tablespaces of this container against their maximum size including autoextend
-- (DBA_TABLESPACE_USAGE_METRICS counts in blocks; USED_PERCENT is of the maximum), online and read
-- write only: a READ ONLY tablespace does not grow. UNDO tablespaces are left out: the view counts
-- their allocated undo extents, unexpired and expired (reusable) ones alike, so a healthy undo
-- tablespace reads near full (and 12.2+ may not list it at all); undo exhaustion shows as ORA-30036 /
-- no-space errors in ERR011. Temporary tablespaces are OBJ005's.
SELECT m.tablespace_name                                    AS tablespace_name,
       t.contents                                           AS contents,
       ROUND(m.used_percent, 1)                             AS used_pct,
       ROUND(m.used_space * t.block_size / 1048576)         AS used_mb,
       ROUND(m.tablespace_size * t.block_size / 1048576)    AS max_mb,
       t.bigfile                                            AS bigfile
FROM dba_tablespace_usage_metrics m
JOIN dba_tablespaces t ON t.tablespace_name = m.tablespace_name
WHERE t.contents = 'PERMANENT'
  AND t.status = 'ONLINE'
ORDER BY m.used_percent DESC
