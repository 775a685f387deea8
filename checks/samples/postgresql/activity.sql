-- Session gauges now (no epoch: a gauge has no start), as RUN001 and RUN007 count them: client backends
-- other than this session, the slots ordinary users may open (max_connections less the superuser and,
-- from 16, the pg_use_reserved_connections slots), the sessions running and waiting on a lock, idle in
-- transaction, and the oldest open transaction's age in seconds. used_pct is RUN001's: connections over the
-- slots ordinary users may open (its window peak is a peak of this ratio, not of two separate maxima).
SELECT '(instance)'                                                                 AS object,
       NULL::timestamptz                                                            AS epoch,
       jsonb_build_object(
           'connections', count(*),
           'max_connections', current_setting('max_connections')::int,
           'reserved', current_setting('superuser_reserved_connections')::int
                       + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),
           'used_pct', round(100.0 * count(*)
                             / nullif(current_setting('max_connections')::int
                                      - current_setting('superuser_reserved_connections')::int
                                      - coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0), 0), 1),
           'running', count(*) FILTER (WHERE state = 'active'),
           'waiting_on_locks', count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'),
           'idle_in_transaction', count(*) FILTER (WHERE state LIKE 'idle in transaction%'),
           'oldest_xact_s', round(coalesce(extract(epoch FROM max(now() - xact_start)), 0)::numeric, 1)
       )                                                                            AS data
FROM pg_stat_activity
WHERE backend_type = 'client backend'
  AND pid <> pg_backend_pid()
