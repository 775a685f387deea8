-- User sessions in a database call (STATUS = 'ACTIVE') for a long time (LAST_CALL_ET, seconds since
-- the call began), not counting idle waits (a session parked in an idle wait event is not working).
SELECT TO_CHAR(s.sid)                  AS sid,
       TO_CHAR(s.serial#)              AS serial_no,
       s.username             AS username,
       s.sql_id               AS sql_id,
       s.last_call_et         AS runtime_s,
       s.event                AS event,
       s.module               AS module,
       s.machine              AS machine,
       s.program              AS program
FROM v$session s
WHERE s.type = 'USER'
  AND s.status = 'ACTIVE'
  AND NOT (s.state = 'WAITING' AND s.wait_class = 'Idle')
  AND s.sid <> TO_NUMBER(SYS_CONTEXT('USERENV', 'SID'))
ORDER BY s.last_call_et DESC
FETCH FIRST 200 ROWS ONLY
