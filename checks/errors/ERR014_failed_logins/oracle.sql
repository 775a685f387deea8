-- Failed logons inside [window_start, window_end) from the unified audit trail (ORA-01017 wrong
-- password, ORA-28000 locked, ORA-01005 null password), per database user, client host and program.
-- EVENT_TIMESTAMP_UTC (18c+) is in UTC, so the binds compare directly. Needs unified auditing of
-- LOGON failures (the ORA_LOGON_FAILURES policy, enabled by default in 19c).
SELECT NVL(u.dbusername, '(none)')                                   AS db_user,
       NVL(u.userhost, '(unknown)')                                  AS client_host,
       NVL(u.client_program_name, '(unknown)')                       AS program,
       COUNT(*)                                                      AS failures,
       MAX(u.return_code)                                            AS return_code,
       TO_CHAR(MIN(u.event_timestamp_utc), 'YYYY-MM-DD HH24:MI:SS')  AS first_utc,
       TO_CHAR(MAX(u.event_timestamp_utc), 'YYYY-MM-DD HH24:MI:SS')  AS last_utc
FROM unified_audit_trail u
WHERE u.event_timestamp_utc >= CAST(:window_start AS TIMESTAMP)
  AND u.event_timestamp_utc < CAST(:window_end AS TIMESTAMP)
  AND u.action_name = 'LOGON'
  AND u.return_code IN (1017, 28000, 1005)
GROUP BY NVL(u.dbusername, '(none)'), NVL(u.userhost, '(unknown)'), NVL(u.client_program_name, '(unknown)')
ORDER BY COUNT(*) DESC
FETCH FIRST 100 ROWS ONLY
