-- Sessions waiting on a heavyweight lock held by others (PG 10-13: wait measured from query start).
SELECT a.pid                                                        AS blocked_pid,
       a.usename                                                    AS user_name,
       a.datname                                                    AS database_name,
       array_to_string(pg_blocking_pids(a.pid), ',')                AS blocking_pids,
       a.wait_event_type || ':' || a.wait_event                     AS wait_event,
       extract(epoch FROM now() - a.query_start)::bigint            AS wait_s,
       left(a.query, 200)                                           AS query
FROM pg_stat_activity a
WHERE a.wait_event_type = 'Lock'
  AND a.pid <> pg_backend_pid()
  AND cardinality(pg_blocking_pids(a.pid)) > 0
ORDER BY wait_s DESC
