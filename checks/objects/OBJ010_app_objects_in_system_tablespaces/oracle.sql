-- Application (not Oracle-maintained) schemas using SYSTEM or SYSAUX: their segments there (per schema and
-- tablespace: how many, how large, an example), and accounts whose DEFAULT_TABLESPACE is one of them (the
-- next CREATE TABLE without a TABLESPACE clause lands there). DBA_USERS.ORACLE_MAINTAINED = 'Y' marks the
-- schemas Oracle's own scripts created.
SELECT 'SEGMENTS'                                AS finding,
       s.owner                                   AS owner,
       s.tablespace_name                         AS tablespace_name,
       COUNT(*)                                  AS segments,
       ROUND(SUM(s.bytes) / 1048576, 1)          AS size_mb,
       MIN(s.segment_name)                       AS example
FROM dba_segments s
JOIN dba_users u ON u.username = s.owner
WHERE s.tablespace_name IN ('SYSTEM', 'SYSAUX')
  AND u.oracle_maintained = 'N'
GROUP BY s.owner, s.tablespace_name
UNION ALL
SELECT 'DEFAULT_TABLESPACE'                      AS finding,
       u.username                                AS owner,
       u.default_tablespace                      AS tablespace_name,
       0                                         AS segments,
       0                                         AS size_mb,
       u.account_status                          AS example
FROM dba_users u
WHERE u.default_tablespace IN ('SYSTEM', 'SYSAUX')
  AND u.oracle_maintained = 'N'
ORDER BY 5 DESC, 2
FETCH FIRST 200 ROWS ONLY
