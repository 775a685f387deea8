-- Threads_connected (without our own connection) against max_connections. The one extra connection
-- MariaDB keeps for SUPER / CONNECTION ADMIN (and extra_max_connections on extra_port) come on top of
-- max_connections, so nothing is reserved out of it. Max_used_connections is the high-water mark since
-- the start (or FLUSH STATUS); MariaDB before 11.0.2 does not say when it was reached, so the peak is
-- shown but never placed inside the window. MariaDB keeps GLOBAL_STATUS in information_schema
-- (performance_schema is off by default there).
SELECT c.connections                                                    AS connections,
       @@max_connections                                                AS max_connections,
       0                                                                AS reserved,
       ROUND(100 * c.connections / @@max_connections, 1)                AS used_pct,
       c.peak                                                           AS peak_connections,
       ROUND(100 * c.peak / @@max_connections, 1)                       AS peak_pct,
       NULL                                                             AS peak_at,
       NULL                                                             AS peak_in_window
FROM (SELECT CAST(MAX(CASE WHEN variable_name = 'THREADS_CONNECTED' THEN variable_value END) AS SIGNED) - 1 AS connections,
             CAST(MAX(CASE WHEN variable_name = 'MAX_USED_CONNECTIONS' THEN variable_value END) AS SIGNED) AS peak
      FROM information_schema.global_status
      WHERE variable_name IN ('THREADS_CONNECTED', 'MAX_USED_CONNECTIONS')) c
