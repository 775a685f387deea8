-- Server-generated alerts still outstanding (DBA_OUTSTANDING_ALERTS: tablespace full, recovery area,
-- long-running query, …); MESSAGE_LEVEL 1 is critical, 5 warning (DBMS_SERVER_ALERT).
SELECT o.sequence_id                                                     AS sequence_id,
       o.object_type                                                     AS object_type,
       o.owner                                                           AS owner,
       o.object_name                                                     AS object_name,
       o.message_level                                                   AS message_level,
       SUBSTR(o.reason, 1, 300)                                          AS reason,
       SUBSTR(o.suggested_action, 1, 300)                                AS suggested_action,
       TO_CHAR(SYS_EXTRACT_UTC(o.creation_time), 'YYYY-MM-DD HH24:MI:SS') AS created_utc
FROM dba_outstanding_alerts o
WHERE o.message_type = 'Warning'
ORDER BY o.message_level, o.creation_time
FETCH FIRST 100 ROWS ONLY
