-- MySQL 8 (status in performance_schema). Failed connection attempts (Aborted_connects), clients that died without closing (Aborted_clients) and the
-- server's own connection errors (Connection_errors_*: max_connections reached apart, the rest together),
-- against all connection attempts (Connections). Counters are cumulative: counters_since (UTC) is when
-- the aborted counters started, the later of the server start and the last FLUSH STATUS
-- (Uptime_since_flush_status), which zeroes Aborted_connects and Connection_errors_* but not Connections (as
-- measured on MariaDB; same status types in MySQL 8), so the judge then treats the ratio as a lower bound.
-- MySQL has no count of attempts that end before authentication (a load balancer's TCP
-- probe counts as an aborted connect): aborted_preauth is NULL and the ratio covers every attempt.
SELECT s.aborted_connects,
       s.aborted_clients,
       s.connections,
       ROUND(100 * s.aborted_connects / NULLIF(s.connections, 0), 2)                  AS aborted_pct,
       CAST(NULL AS UNSIGNED)                                                          AS aborted_preauth,
       s.connection_errors_max_connections,
       s.connection_errors_other,
       s.uptime_s,
       s.uptime_since_flush_s,
       CONCAT(REPLACE(CAST(UTC_TIMESTAMP() - INTERVAL s.uptime_since_flush_s SECOND AS CHAR), ' ', 'T'), 'Z') AS counters_since
FROM (SELECT CAST(MAX(CASE WHEN UPPER(variable_name) = 'ABORTED_CONNECTS' THEN variable_value END) AS UNSIGNED) AS aborted_connects,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'ABORTED_CLIENTS' THEN variable_value END) AS UNSIGNED)  AS aborted_clients,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'CONNECTIONS' THEN variable_value END) AS UNSIGNED)      AS connections,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'CONNECTION_ERRORS_MAX_CONNECTIONS' THEN variable_value END)
                  AS UNSIGNED)                                                                                 AS connection_errors_max_connections,
             CAST(SUM(CASE WHEN UPPER(variable_name) IN ('CONNECTION_ERRORS_ACCEPT', 'CONNECTION_ERRORS_INTERNAL',
                                                         'CONNECTION_ERRORS_PEER_ADDRESS', 'CONNECTION_ERRORS_SELECT',
                                                         'CONNECTION_ERRORS_TCPWRAP')
                           THEN variable_value END) AS UNSIGNED)                                               AS connection_errors_other,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'UPTIME' THEN variable_value END) AS UNSIGNED)           AS uptime_s,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'UPTIME_SINCE_FLUSH_STATUS' THEN variable_value END)
                  AS UNSIGNED)                                                                                 AS uptime_since_flush_s
      FROM performance_schema.global_status
      WHERE UPPER(variable_name) IN ('ABORTED_CONNECTS', 'ABORTED_CLIENTS', 'CONNECTIONS', 'UPTIME', 'UPTIME_SINCE_FLUSH_STATUS',
                                     'CONNECTION_ERRORS_MAX_CONNECTIONS', 'CONNECTION_ERRORS_ACCEPT',
                                     'CONNECTION_ERRORS_INTERNAL', 'CONNECTION_ERRORS_PEER_ADDRESS',
                                     'CONNECTION_ERRORS_SELECT', 'CONNECTION_ERRORS_TCPWRAP')) s
