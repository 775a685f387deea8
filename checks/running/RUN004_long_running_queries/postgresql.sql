-- Client statements currently executing, with how long each has been running. ``account``
-- (user@client address) names the client across inspections; a pid does not outlive its session.
SELECT pid,
       usename                                                  AS user_name,
       datname                                                  AS database_name,
       coalesce(host(client_addr), 'local')                     AS client,
       coalesce(usename, '?') || '@' || coalesce(host(client_addr), 'local') AS account,
       coalesce(wait_event_type || ':' || wait_event, 'CPU')    AS wait_event,
       extract(epoch FROM now() - query_start)::bigint          AS runtime_s,
       left(query, 200)                                         AS query
FROM pg_stat_activity
WHERE state = 'active'
  AND backend_type = 'client backend'
  AND pid <> pg_backend_pid()
ORDER BY query_start
