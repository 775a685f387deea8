-- Alert log entries inside [window_start, window_end) that carry an ORA- code, or that Oracle itself
-- rates critical/severe (MESSAGE_LEVEL 1/2) or an (incident) error (MESSAGE_TYPE 2/3), grouped by
-- ORA- code (the first one in the message). V$DIAG_ALERT_EXT reads the XML alert log of the current
-- container; ORIGINATING_TIMESTAMP has a time zone, so the UTC binds are compared directly.
SELECT NVL(REGEXP_SUBSTR(a.message_text, 'ORA-[0-9]{5}'), 'level ' || TO_CHAR(MIN(a.message_level))) AS error_code,
       COUNT(*)                                                                    AS occurrences,
       MIN(a.message_level)                                                        AS worst_level,
       MIN(a.message_type)                                                         AS worst_type,
       TO_CHAR(SYS_EXTRACT_UTC(MIN(a.originating_timestamp)), 'YYYY-MM-DD HH24:MI:SS') AS first_utc,
       TO_CHAR(SYS_EXTRACT_UTC(MAX(a.originating_timestamp)), 'YYYY-MM-DD HH24:MI:SS') AS last_utc,
       SUBSTR(MAX(a.message_text), 1, 300)                                         AS sample
FROM v$diag_alert_ext a
WHERE a.originating_timestamp >= FROM_TZ(CAST(:window_start AS TIMESTAMP), 'UTC')
  AND a.originating_timestamp < FROM_TZ(CAST(:window_end AS TIMESTAMP), 'UTC')
  AND a.component_id = 'rdbms'
  AND (a.message_text LIKE '%ORA-%' OR a.message_level <= 2 OR a.message_type IN (2, 3))
GROUP BY REGEXP_SUBSTR(a.message_text, 'ORA-[0-9]{5}')
ORDER BY MIN(a.message_level), COUNT(*) DESC
FETCH FIRST 100 ROWS ONLY
