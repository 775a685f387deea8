-- Tablespace use against its maximum size including autoextend (DBA_TABLESPACE_USAGE_METRICS counts
-- in blocks; USED_PERCENT is of the maximum), permanent and undo tablespaces of this container.
SELECT m.tablespace_name                                    AS tablespace_name,
       t.contents                                           AS contents,
       ROUND(m.used_percent, 1)                             AS used_pct,
       ROUND(m.used_space * t.block_size / 1048576)         AS used_mb,
       ROUND(m.tablespace_size * t.block_size / 1048576)    AS max_mb
FROM dba_tablespace_usage_metrics m
JOIN dba_tablespaces t ON t.tablespace_name = m.tablespace_name
WHERE t.contents <> 'TEMPORARY'
ORDER BY m.used_percent DESC
