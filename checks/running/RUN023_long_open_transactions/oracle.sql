-- Open transactions of every open instance (GV$TRANSACTION) with their session (GV$SESSION: SES_ADDR is
-- a session address in the same instance), oldest first. START_DATE is a DATE in the server's clock,
-- compared with SYSDATE on the same clock (RAC nodes keep one time). Parallel DML servers (their
-- coordinator holds the transaction; GV$PX_SESSION rows whose SID is not their QCSID) and our own
-- session (read only: it has no transaction) are left out.
SELECT TO_CHAR(s.inst_id)                          AS inst_id,
       TO_CHAR(s.sid)                              AS sid,
       TO_CHAR(s.serial#)                          AS serial_no,
       s.username                                  AS username,
       s.status                                    AS session_status,
       ROUND((SYSDATE - t.start_date) * 86400)     AS xact_age_s,
       t.used_ublk                                 AS undo_blocks,
       NVL(s.sql_id, s.prev_sql_id)                AS sql_id,
       s.machine                                   AS machine,
       s.program                                   AS program
FROM gv$transaction t
JOIN gv$session s ON s.inst_id = t.inst_id AND s.saddr = t.ses_addr
WHERE NOT EXISTS (SELECT 1
                  FROM gv$px_session px
                  WHERE px.inst_id = s.inst_id
                    AND px.sid = s.sid
                    AND px.serial# = s.serial#
                    AND (px.sid <> px.qcsid OR px.inst_id <> px.qcinst_id))
  AND NOT (s.inst_id = TO_NUMBER(SYS_CONTEXT('USERENV', 'INSTANCE'))
           AND s.sid = TO_NUMBER(SYS_CONTEXT('USERENV', 'SID')))
ORDER BY t.start_date
FETCH FIRST 200 ROWS ONLY
