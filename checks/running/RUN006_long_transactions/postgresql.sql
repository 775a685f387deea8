-- Open transactions (active or idle) and their age; old ones hold locks and stop vacuum from cleaning up.
-- Client backends only (not autovacuum workers, walsenders, parallel workers), and not a backend running a
-- lazy VACUUM (pg_stat_progress_vacuum): a VACUUM of a big table runs for hours in one transaction, but it
-- holds no rows back (the horizon ignores it, measured on 15) and only a lock that ordinary DML passes.
-- ``account`` (user@client address) names the client across inspections; a pid does not outlive its session.
SELECT pid,
       usename                                                  AS user_name,
       datname                                                  AS database_name,
       coalesce(host(client_addr), 'local')                     AS client,
       coalesce(usename, '?') || '@' || coalesce(host(client_addr), 'local') AS account,
       state,
       extract(epoch FROM now() - xact_start)::bigint           AS xact_age_s,
       left(query, 200)                                         AS query
FROM pg_stat_activity
WHERE xact_start IS NOT NULL
  AND backend_type = 'client backend'
  AND pid <> pg_backend_pid()
  AND pid NOT IN (SELECT v.pid FROM pg_stat_progress_vacuum v)
ORDER BY xact_start
