-- How many copies exist of what a single disk failure must not take: the control file (V$CONTROLFILE)
-- and each online redo log group (V$LOG.MEMBERS).
SELECT 'control file'                                          AS item,
       COUNT(*)                                                AS copies,
       CAST(NULL AS NUMBER)                                    AS size_mb
FROM v$controlfile c
UNION ALL
SELECT 'redo group ' || l.group# || ' (thread ' || l.thread# || ')',
       l.members,
       ROUND(l.bytes / 1048576)
FROM v$log l
