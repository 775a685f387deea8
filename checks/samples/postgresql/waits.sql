-- One sample of what the active client sessions wait on, now: per wait_event_type:wait_event the number of
-- client backends in state active (NULL wait: on CPU, as pg_gather and postgres_ai N001 count it), plus one
-- '(all)' row with every active one (0 when none), each with samples = 1, so that the sum over the snapshots
-- inside a window is the wait profile and the number of samples (PRF011). Not counted: this session,
-- dbpatrol's own user (its sampler and checks), idle and idle-in-transaction sessions (RUN003's).
WITH a AS (
    SELECT coalesce(wait_event_type, 'CPU') AS wait_event_type, coalesce(wait_event, 'running') AS wait_event
    FROM pg_stat_activity
    WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()
      AND usename IS DISTINCT FROM current_user
)
SELECT wait_event_type || ':' || wait_event                                         AS object,
       NULL::timestamptz                                                            AS epoch,
       jsonb_build_object('backends', count(*), 'samples', 1)                       AS data
FROM a
GROUP BY wait_event_type, wait_event
UNION ALL
SELECT '(all)', NULL::timestamptz, jsonb_build_object('backends', (SELECT count(*) FROM a), 'samples', 1)
