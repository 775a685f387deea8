-- MySQL 8: Threads_connected (without our own connection) against max_connections; the extra
-- connection kept for CONNECTION_ADMIN comes on top of max_connections, so nothing is reserved out of
-- it. Max_used_connections is the high-water mark since the start (or FLUSH STATUS) and
-- Max_used_connections_time when it was reached (a DATETIME in the session time zone, turned into UTC
-- here with the session's current offset): a peak inside the window [window_start, window_end) is judged.
SELECT c.connections                                                    AS connections,
       @@max_connections                                                AS max_connections,
       0                                                                AS reserved,
       ROUND(100 * c.connections / @@max_connections, 1)                AS used_pct,
       c.peak                                                           AS peak_connections,
       ROUND(100 * c.peak / @@max_connections, 1)                       AS peak_pct,
       c.peak_at                                                        AS peak_at,
       (c.peak_at >= :window_start AND c.peak_at < :window_end)         AS peak_in_window
FROM (SELECT CAST(MAX(CASE WHEN variable_name = 'Threads_connected' THEN variable_value END) AS SIGNED) - 1 AS connections,
             CAST(MAX(CASE WHEN variable_name = 'Max_used_connections' THEN variable_value END) AS SIGNED) AS peak,
             CAST(MAX(CASE WHEN variable_name = 'Max_used_connections_time' THEN variable_value END) AS DATETIME)
               - INTERVAL TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) SECOND                                AS peak_at
      FROM performance_schema.global_status
      WHERE variable_name IN ('Threads_connected', 'Max_used_connections', 'Max_used_connections_time')) c
