-- MariaDB 11.0.2+: as mariadb.sql, and Max_used_connections_time says when the high-water mark was
-- reached (a DATETIME in the session time zone, turned into UTC here with the session's current offset),
-- so a peak inside the inspection window [window_start, window_end) is judged.
SELECT c.connections                                                    AS connections,
       @@max_connections                                                AS max_connections,
       0                                                                AS reserved,
       ROUND(100 * c.connections / @@max_connections, 1)                AS used_pct,
       c.peak                                                           AS peak_connections,
       ROUND(100 * c.peak / @@max_connections, 1)                       AS peak_pct,
       c.peak_at                                                        AS peak_at,
       (c.peak_at >= :window_start AND c.peak_at < :window_end)         AS peak_in_window
FROM (SELECT CAST(MAX(CASE WHEN variable_name = 'THREADS_CONNECTED' THEN variable_value END) AS SIGNED) - 1 AS connections,
             CAST(MAX(CASE WHEN variable_name = 'MAX_USED_CONNECTIONS' THEN variable_value END) AS SIGNED) AS peak,
             CAST(MAX(CASE WHEN variable_name = 'MAX_USED_CONNECTIONS_TIME' THEN variable_value END) AS DATETIME)
               - INTERVAL TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) SECOND                                AS peak_at
      FROM information_schema.global_status
      WHERE variable_name IN ('THREADS_CONNECTED', 'MAX_USED_CONNECTIONS', 'MAX_USED_CONNECTIONS_TIME')) c
