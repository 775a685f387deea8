-- ADR incidents (critical errors Oracle packaged for support: ORA-00600, ORA-07445, …) created inside
-- [window_start, window_end), with their problem key. CREATE_TIME has a time zone. Both views show the
-- ADR of the current container (and instance); the 19c reference lists no ADR_HOME column for them (12.2
-- did), so the problem is joined on PROBLEM_ID alone.
SELECT i.incident_id                                                            AS incident_id,
       i.problem_id                                                             AS problem_id,
       p.problem_key                                                            AS problem_key,
       i.error_facility || '-' || LPAD(TO_CHAR(i.error_number), 5, '0')         AS error_code,
       i.error_arg1                                                             AS error_arg1,
       TO_CHAR(SYS_EXTRACT_UTC(i.create_time), 'YYYY-MM-DD HH24:MI:SS')         AS created_utc,
       i.status                                                                 AS status,
       i.flood_controlled                                                       AS flood_controlled
FROM v$diag_incident i
LEFT JOIN v$diag_problem p ON p.problem_id = i.problem_id
WHERE i.create_time >= FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC')
  AND i.create_time < FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC')
ORDER BY i.create_time DESC
FETCH FIRST 100 ROWS ONLY
