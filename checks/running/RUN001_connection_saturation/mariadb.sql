-- Threads_connected against max_connections (one extra slot is kept for SUPER / CONNECTION ADMIN).
-- MariaDB keeps GLOBAL_STATUS in information_schema (performance_schema is off by default there).
SELECT CAST(s.variable_value AS UNSIGNED)                                   AS connections,
       @@max_connections                                                    AS max_connections,
       1                                                                    AS reserved,
       ROUND(100 * CAST(s.variable_value AS UNSIGNED) / @@max_connections, 1) AS used_pct
FROM information_schema.global_status s
WHERE s.variable_name = 'THREADS_CONNECTED'
