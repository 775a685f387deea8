-- Diagnostics Pack: Active Session History samples of every open instance (GV$ACTIVE_SESSION_HISTORY;
-- one sample a second per active session) inside the window in which a session waited on another one,
-- per blocking session (its instance, SID and serial#). Left out: 'Commit' waits ('log file sync'
-- behind LGWR: commit latency, which ASH catches on any busy system, not one session blocking others).
-- ASH keeps only what fits its SGA buffer (typically the last hours): ash_since says where the history
-- starts. SAMPLE_TIME_UTC (12.2+) is UTC, so the binds compare directly.
SELECT TO_CHAR(a.blocking_inst_id)                          AS blocker_instance,
       TO_CHAR(a.blocking_session)                          AS blocker_sid,
       TO_CHAR(a.blocking_session_serial#)                  AS blocker_serial_no,
       COUNT(*)                                             AS blocked_samples,
       COUNT(DISTINCT a.inst_id || '.' || a.session_id)     AS blocked_sessions,
       STATS_MODE(a.event)                                  AS event,
       TO_CHAR(MIN(a.sample_time_utc), 'YYYY-MM-DD HH24:MI:SS') AS first_utc,
       TO_CHAR(MAX(a.sample_time_utc), 'YYYY-MM-DD HH24:MI:SS') AS last_utc,
       (SELECT TO_CHAR(MIN(h.sample_time_utc), 'YYYY-MM-DD HH24:MI:SS') FROM gv$active_session_history h) AS ash_since
FROM gv$active_session_history a
WHERE a.sample_time_utc >= CAST(:window_start AS TIMESTAMP)
  AND a.sample_time_utc < CAST(:window_end AS TIMESTAMP)
  AND a.blocking_session IS NOT NULL
  AND a.blocking_session_status = 'VALID'
  AND NVL(a.wait_class, 'CPU') <> 'Commit'
GROUP BY a.blocking_inst_id, a.blocking_session, a.blocking_session_serial#
ORDER BY COUNT(*) DESC
FETCH FIRST 50 ROWS ONLY
