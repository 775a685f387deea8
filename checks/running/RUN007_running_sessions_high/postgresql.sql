-- Client sessions executing right now (state active) against all client sessions: a concurrency snapshot.
SELECT count(*) FILTER (WHERE state = 'active')                               AS running,
       count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock')  AS waiting_on_locks,
       count(*)                                                               AS connected
FROM pg_stat_activity
WHERE backend_type = 'client backend'
  AND pid <> pg_backend_pid()
