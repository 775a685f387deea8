-- Sessions of every open instance (GV$SESSION) waiting now on another session (BLOCKING_SESSION, set
-- while the wait is in progress), with how long the current wait has lasted (WAIT_TIME_MICRO, the
-- time waited so far when STATE = 'WAITING'), the blocker's instance and the session at the head of
-- the chain. Our own session is left out (its instance and SID).
SELECT TO_CHAR(s.inst_id)                        AS inst_id,
       TO_CHAR(s.sid)                            AS sid,
       TO_CHAR(s.serial#)                        AS serial_no,
       s.username                                AS username,
       s.event                                   AS event,
       s.wait_class                              AS wait_class,
       ROUND(s.wait_time_micro / 1000000)        AS wait_s,
       TO_CHAR(s.blocking_instance)              AS blocker_instance,
       TO_CHAR(s.blocking_session)               AS blocker_sid,
       TO_CHAR(s.final_blocking_instance)        AS final_blocker_instance,
       TO_CHAR(s.final_blocking_session)         AS final_blocker_sid,
       s.sql_id                                  AS sql_id,
       s.machine                                 AS machine,
       s.program                                 AS program
FROM gv$session s
WHERE s.blocking_session IS NOT NULL
  AND s.state = 'WAITING'
  AND NOT (s.inst_id = TO_NUMBER(SYS_CONTEXT('USERENV', 'INSTANCE'))
           AND s.sid = TO_NUMBER(SYS_CONTEXT('USERENV', 'SID')))
ORDER BY s.wait_time_micro DESC
FETCH FIRST 200 ROWS ONLY
