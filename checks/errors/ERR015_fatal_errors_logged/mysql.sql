-- MySQL 8.0.22+: Error-priority entries of the error log inside the window [window_start, window_end),
-- from performance_schema.error_log: a fixed-size in-memory ring buffer of the latest events (the oldest
-- are discarded first), so the first row ('(read)') says what it still holds: covered_from is its oldest
-- entry, and a window starting before it is reported as not fully covered. LOGGED is a TIMESTAMP(6):
-- UNIX_TIMESTAMP gives its instant whatever the session time zone, turned into a UTC DATETIME as the binds
-- are. Entries are grouped per second and error code (occurrences, one entry's text).
SELECT b.logged_at, b.event, b.severity, b.code, b.occurrences, b.message, b.log_file,
       b.covered_from, b.log_starts, b.source, b.classification_en, b.classification_zh, b.notes_en, b.notes_zh
FROM (
    SELECT 0                                                                       AS ord,
           UTC_TIMESTAMP(6)                                                        AS logged_at,
           '(read)'                                                                AS event,
           NULL                                                                    AS severity,
           NULL                                                                    AS code,
           COUNT(*)                                                                AS occurrences,
           'performance_schema.error_log (ring buffer of the latest error log events)' AS message,
           'performance_schema.error_log'                                          AS log_file,
           MIN(TIMESTAMP('1970-01-01') + INTERVAL ROUND(UNIX_TIMESTAMP(l.logged) * 1000000) MICROSECOND) AS covered_from,
           MIN(TIMESTAMP('1970-01-01') + INTERVAL ROUND(UNIX_TIMESTAMP(l.logged) * 1000000) MICROSECOND) AS log_starts,
           'performance_schema.error_log'                                          AS source,
           'classified by PRIO (Error) and ERROR_CODE'                             AS classification_en,
           '按 PRIO（Error）与 ERROR_CODE 分类'                                      AS classification_zh,
           'the ring buffer holds only the latest events: older ones are gone'     AS notes_en,
           '环形缓冲区只保留最近的事件：更早的已被丢弃'                                  AS notes_zh
    FROM performance_schema.error_log l
    UNION ALL
    SELECT 1, MIN(e.at), 'error', 'ERROR', e.error_code, COUNT(*), LEFT(MIN(e.data), 1000),
           'performance_schema.error_log', NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM (SELECT TIMESTAMP('1970-01-01') + INTERVAL ROUND(UNIX_TIMESTAMP(logged) * 1000000) MICROSECOND AS at,
                 FLOOR(UNIX_TIMESTAMP(logged)) AS second, error_code, data
          FROM performance_schema.error_log
          WHERE prio = 'Error') e
    WHERE e.at >= :window_start AND e.at < :window_end
    GROUP BY e.second, e.error_code
) b
ORDER BY b.ord, b.logged_at DESC
LIMIT 1001
