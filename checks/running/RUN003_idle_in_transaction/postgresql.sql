-- Sessions idle inside an open transaction: how long idle (since the last state change) and how old
-- the transaction is. They hold locks and the xmin horizon while doing nothing. ``account``
-- (user@client address) names the client across inspections; a pid does not outlive its session.
SELECT pid,
       usename                                                  AS user_name,
       datname                                                  AS database_name,
       coalesce(host(client_addr), 'local')                     AS client,
       coalesce(usename, '?') || '@' || coalesce(host(client_addr), 'local') AS account,
       application_name,
       state,
       extract(epoch FROM now() - state_change)::bigint         AS idle_s,
       extract(epoch FROM now() - xact_start)::bigint           AS xact_age_s,
       left(query, 200)                                         AS last_query
FROM pg_stat_activity
WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
  AND pid <> pg_backend_pid()
ORDER BY state_change
