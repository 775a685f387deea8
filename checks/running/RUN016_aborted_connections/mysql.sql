-- MySQL 8 (status in performance_schema). Failed connection attempts (Aborted_connects) and clients that died without closing (Aborted_clients)
-- against all connection attempts (Connections). Counters are cumulative since server start.
SELECT s.aborted_connects,
       s.aborted_clients,
       s.connections,
       ROUND(100 * s.aborted_connects / NULLIF(s.connections, 0), 2)   AS aborted_pct,
       s.uptime_s
FROM (SELECT CAST(MAX(CASE WHEN UPPER(variable_name) = 'ABORTED_CONNECTS' THEN variable_value END) AS UNSIGNED) AS aborted_connects,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'ABORTED_CLIENTS' THEN variable_value END) AS UNSIGNED)  AS aborted_clients,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'CONNECTIONS' THEN variable_value END) AS UNSIGNED)      AS connections,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'UPTIME' THEN variable_value END) AS UNSIGNED)           AS uptime_s
      FROM performance_schema.global_status
      WHERE UPPER(variable_name) IN ('ABORTED_CONNECTS', 'ABORTED_CLIENTS', 'CONNECTIONS', 'UPTIME')) s
