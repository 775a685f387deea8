-- User sessions of every open instance (GV$SESSION) in one database call (STATUS = 'ACTIVE') for a long
-- time (LAST_CALL_ET, seconds since the call began). Left out: sessions parked in an idle wait (not
-- working), parallel execution servers (their coordinator is the one call; GV$PX_SESSION rows whose SID
-- is not their QCSID), Oracle's automated maintenance tasks (optimizer statistics, segment and SQL
-- tuning advisors: scheduler jobs named ORA$AT_…, which run for hours in the maintenance window by
-- design), and our own session.
SELECT TO_CHAR(s.inst_id)     AS inst_id,
       TO_CHAR(s.sid)         AS sid,
       TO_CHAR(s.serial#)     AS serial_no,
       s.username             AS username,
       s.sql_id               AS sql_id,
       s.last_call_et         AS runtime_s,
       s.event                AS event,
       s.module               AS module,
       s.machine              AS machine,
       s.program              AS program
FROM gv$session s
WHERE s.type = 'USER'
  AND s.status = 'ACTIVE'
  AND NOT (s.state = 'WAITING' AND NVL(s.wait_class, '-') = 'Idle')
  AND NOT (NVL(s.module, '-') = 'DBMS_SCHEDULER' AND NVL(s.action, '-') LIKE 'ORA$AT%')
  AND NOT EXISTS (SELECT 1
                  FROM gv$px_session px
                  WHERE px.inst_id = s.inst_id
                    AND px.sid = s.sid
                    AND px.serial# = s.serial#
                    AND (px.sid <> px.qcsid OR px.inst_id <> px.qcinst_id))
  AND NOT (s.inst_id = TO_NUMBER(SYS_CONTEXT('USERENV', 'INSTANCE'))
           AND s.sid = TO_NUMBER(SYS_CONTEXT('USERENV', 'SID')))
ORDER BY s.last_call_et DESC
FETCH FIRST 200 ROWS ONLY
