-- The wait profile now (one sample): active client backends per wait_event_type:wait_event (NULL: CPU), and an
-- '(all)' row with every active one, leaving out this session, dbpatrol's own user and idle sessions — what each
-- pg.waits snapshot stores. Over the window the backends and samples are the sums over the snapshots inside it.
WITH a AS (
    SELECT coalesce(wait_event_type, 'CPU') AS wait_event_type, coalesce(wait_event, 'running') AS wait_event
    FROM pg_stat_activity
    WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()
      AND usename IS DISTINCT FROM current_user
)
SELECT wait_event_type || ':' || wait_event AS wait_key, wait_event_type, wait_event, count(*) AS backends, 1 AS samples
FROM a
GROUP BY wait_event_type, wait_event
UNION ALL
SELECT '(all)', '(all)', '(all)', (SELECT count(*) FROM a), 1
