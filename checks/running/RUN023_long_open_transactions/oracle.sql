-- Open transactions (V$TRANSACTION) with their session, oldest first; START_DATE is a DATE in the
-- server's clock, compared with SYSDATE on the same clock.
SELECT TO_CHAR(s.sid)                                       AS sid,
       TO_CHAR(s.serial#)                                   AS serial_no,
       s.username                                  AS username,
       s.status                                    AS session_status,
       ROUND((SYSDATE - t.start_date) * 86400)     AS xact_age_s,
       t.used_ublk                                 AS undo_blocks,
       NVL(s.sql_id, s.prev_sql_id)                AS sql_id,
       s.machine                                   AS machine,
       s.program                                   AS program
FROM v$transaction t
JOIN v$session s ON s.saddr = t.ses_addr
WHERE s.sid <> TO_NUMBER(SYS_CONTEXT('USERENV', 'SID'))
ORDER BY t.start_date
FETCH FIRST 200 ROWS ONLY
