-- performance_schema wait events (SELECT ON performance_schema.*): events_waits_summary_global_by_event_name, one
-- row per instrumented event that has waited (COUNT_STAR > 0), 'idle' left out (a session waiting for its client).
-- Times in ms (picoseconds / 1e9). No epoch: the table counts since the server start or a TRUNCATE, seen as values
-- going down (checks/performance/_mydigests). Stored where changed (docs/window.md "Statement sources"). MySQL 8 and
-- MariaDB (what is counted follows setup_instruments: MariaDB enables file and table I/O waits by default, most
-- synchronisation waits not).
SELECT EVENT_NAME                                                              AS object,
       NULL                                                                    AS epoch,
       JSON_OBJECT('count_star', COUNT_STAR, 'sum_timer_wait', ROUND(SUM_TIMER_WAIT / 1e9, 3)) AS data
FROM performance_schema.events_waits_summary_global_by_event_name
WHERE COUNT_STAR > 0
  AND EVENT_NAME <> 'idle'
