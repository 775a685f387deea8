-- Sessions waiting on a heavyweight lock held by others; PostgreSQL 14+ records when each wait began
-- (pg_locks.waitstart, read once for all sessions; NULL for an instant after the wait starts: 0 s).
-- A lock held by a prepared (two-phase) transaction is pid 0 in pg_blocking_pids(): named 'prepared
-- transaction' (it has no backend to terminate: COMMIT/ROLLBACK PREPARED, see RUN013).
-- pg_blocking_pids() is called once per waiting session (a function in FROM), and only for sessions
-- that wait on a lock.
SELECT a.pid                                                        AS blocked_pid,
       a.usename                                                    AS user_name,
       a.datname                                                    AS database_name,
       array_to_string(array_replace(b.pids, 0, NULL), ',', 'prepared transaction') AS blocking_pids,
       a.wait_event_type || ':' || a.wait_event                     AS wait_event,
       extract(epoch FROM now() - coalesce(w.waitstart, now()))::bigint AS wait_s,
       left(a.query, 200)                                           AS query
FROM pg_stat_activity a
CROSS JOIN LATERAL pg_blocking_pids(a.pid) AS b(pids)
LEFT JOIN (SELECT pid, min(waitstart) AS waitstart FROM pg_locks WHERE NOT granted GROUP BY pid) w ON w.pid = a.pid
WHERE a.wait_event_type = 'Lock'
  AND a.pid <> pg_backend_pid()
  AND cardinality(b.pids) > 0
ORDER BY wait_s DESC
