-- Diagnostics Pack: Active Session History samples (one a second per active session) inside the window
-- in which a session waited on another one, per blocking session. ASH keeps only what fits its SGA
-- buffer (typically the last hours): ash_since says where the history starts.
SELECT TO_CHAR(a.blocking_session)                                 AS blocker_sid,
       TO_CHAR(a.blocking_session_serial#)                         AS blocker_serial_no,
       COUNT(*)                                             AS blocked_samples,
       COUNT(DISTINCT a.session_id)                         AS blocked_sessions,
       MAX(a.event)                                         AS event,
       TO_CHAR(MIN(a.sample_time_utc), 'YYYY-MM-DD HH24:MI:SS') AS first_utc,
       TO_CHAR(MAX(a.sample_time_utc), 'YYYY-MM-DD HH24:MI:SS') AS last_utc,
       (SELECT TO_CHAR(MIN(h.sample_time_utc), 'YYYY-MM-DD HH24:MI:SS') FROM v$active_session_history h) AS ash_since
FROM v$active_session_history a
WHERE a.sample_time_utc >= CAST(:window_start AS TIMESTAMP)
  AND a.sample_time_utc < CAST(:window_end AS TIMESTAMP)
  AND a.blocking_session IS NOT NULL
  AND a.blocking_session_status = 'VALID'
GROUP BY a.blocking_session, a.blocking_session_serial#
ORDER BY COUNT(*) DESC
FETCH FIRST 50 ROWS ONLY
