-- Sessions waiting on a heavyweight lock held by others. Before PostgreSQL 14 nothing records when a
-- lock wait began (query_start is when the statement began, possibly long before it had to wait), so
-- wait_s is NULL and only the number of blocked sessions is judged. pg_blocking_pids() is called once
-- per waiting session (a function in FROM), and only for sessions that wait on a lock.
SELECT a.pid                                                        AS blocked_pid,
       a.usename                                                    AS user_name,
       a.datname                                                    AS database_name,
       array_to_string(array_replace(b.pids, 0, NULL), ',', 'prepared transaction') AS blocking_pids,
       a.wait_event_type || ':' || a.wait_event                     AS wait_event,
       NULL::bigint                                                 AS wait_s,
       left(a.query, 200)                                           AS query
FROM pg_stat_activity a
CROSS JOIN LATERAL pg_blocking_pids(a.pid) AS b(pids)
WHERE a.wait_event_type = 'Lock'
  AND a.pid <> pg_backend_pid()
  AND cardinality(b.pids) > 0
ORDER BY a.query_start
