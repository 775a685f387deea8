-- TLS on the server (ssl, ssl_min_protocol_version from PostgreSQL 12, and listen_addresses: a server
-- that listens on loopback only has no network client to protect), then the client sessions that
-- come from a non-loopback address, grouped by user@address and by TLS or not (pg_stat_ssl), with
-- the protocol version. Unix-socket (client_addr NULL) and loopback sessions never cross a network.
-- pg_monitor: the user name and address of other roles' sessions (pg_stat_activity hides them).
SELECT 'setting'::text AS kind, name AS object, setting, NULL::text AS client, NULL::text AS tls_version,
       NULL::bigint AS sessions
FROM pg_settings
WHERE name IN ('ssl', 'ssl_min_protocol_version', 'listen_addresses')
UNION ALL
SELECT *
FROM (SELECT 'session'::text, coalesce(a.usename, '?') || '@' || host(a.client_addr),
             CASE WHEN s.ssl THEN 'on' ELSE 'off' END, host(a.client_addr), s.version, count(*)
      FROM pg_stat_activity a
      JOIN pg_stat_ssl s ON s.pid = a.pid
      WHERE a.backend_type = 'client backend'
        AND a.pid <> pg_backend_pid()
        AND a.client_addr IS NOT NULL
        AND NOT (a.client_addr << inet '127.0.0.0/8' OR a.client_addr = inet '::1')
      GROUP BY 2, 3, 4, 5
      ORDER BY 3, 6 DESC
      LIMIT 200) AS remote
