-- Sessions waiting now on another session (V$SESSION.BLOCKING_SESSION), with how long the current
-- wait has lasted and the session at the head of the chain. Our own session is excluded.
SELECT TO_CHAR(s.sid)                                    AS sid,
       TO_CHAR(s.serial#)                                AS serial_no,
       s.username                               AS username,
       s.event                                  AS event,
       ROUND(s.wait_time_micro / 1000000)       AS wait_s,
       TO_CHAR(s.blocking_instance)                      AS blocker_instance,
       TO_CHAR(s.blocking_session)                       AS blocker_sid,
       TO_CHAR(s.final_blocking_session)                 AS final_blocker_sid,
       s.sql_id                                 AS sql_id,
       s.machine                                AS machine,
       s.program                                AS program
FROM v$session s
WHERE s.blocking_session IS NOT NULL
  AND s.state = 'WAITING'
  AND s.sid <> TO_NUMBER(SYS_CONTEXT('USERENV', 'SID'))
ORDER BY s.wait_time_micro DESC
FETCH FIRST 200 ROWS ONLY
