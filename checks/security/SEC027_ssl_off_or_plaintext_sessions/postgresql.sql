-- TLS on the server (ssl, ssl_min_protocol_version, and listen_addresses: a server that listens on
-- loopback only has no network client to protect), then the sessions that come from a non-loopback
-- address — client backends and walsenders (streaming and logical replication: every changed row
-- crosses the network) — grouped by user@address (a walsender's as replication:user@address) and
-- by encrypted or not, with the TLS protocol version. A session is encrypted by TLS (pg_stat_ssl.ssl)
-- or by GSSAPI (hostgssenc, pg_stat_gssapi.encrypted, PostgreSQL 12+): ``encryption`` says which.
-- Unix-socket (client_addr NULL) and loopback sessions never cross a network.
-- pg_monitor: the user name and address of other roles' sessions (pg_stat_activity hides them).
SELECT 'setting'::text AS kind, name AS object, setting, NULL::text AS client, NULL::text AS tls_version,
       NULL::bigint AS sessions, NULL::text AS encryption
FROM pg_settings
WHERE name IN ('ssl', 'ssl_min_protocol_version', 'listen_addresses')
UNION ALL
SELECT *
FROM (SELECT CASE WHEN a.backend_type = 'walsender' THEN 'replication' ELSE 'session' END,
             CASE WHEN a.backend_type = 'walsender' THEN 'replication:' ELSE '' END
               || coalesce(a.usename, '?') || '@' || host(a.client_addr),
             CASE WHEN s.ssl OR coalesce(g.encrypted, false) THEN 'on' ELSE 'off' END,
             host(a.client_addr), s.version, count(*),
             CASE WHEN s.ssl THEN 'ssl' WHEN g.encrypted THEN 'gss' ELSE 'none' END
      FROM pg_stat_activity a
      JOIN pg_stat_ssl s ON s.pid = a.pid
      LEFT JOIN pg_stat_gssapi g ON g.pid = a.pid
      WHERE a.backend_type IN ('client backend', 'walsender')
        AND a.pid <> pg_backend_pid()
        AND a.client_addr IS NOT NULL
        AND NOT (a.client_addr << inet '127.0.0.0/8' OR a.client_addr = inet '::1')
      GROUP BY 1, 2, 3, 4, 5, 7
      ORDER BY 3, 1, 6 DESC
      LIMIT 200) AS remote
