-- MySQL 8 (MariaDB: mariadb.sql). Scheduled events and whether they can run, from
-- information_schema.EVENTS, which shows execute_at / ends / last_executed in each event's own time
-- zone (the data dictionary keeps UTC; MySQL manual, Event Metadata): CONVERT_TZ brings them back to
-- UTC (a named zone without the time zone tables loaded gives NULL, then the shown value is kept). An
-- event runs only when event_scheduler is ON and its status is ENABLED; a replica keeps the events it
-- replicates as SLAVESIDE_DISABLED (8.4: REPLICA_SIDE_DISABLED) — enable them by hand when it is
-- promoted (ALTER EVENT … ENABLE); originator is the server_id it was created on. finished: a one-time
-- event that ran or is past its time, a recurring one past its ENDS — once run it is dropped, or
-- DISABLED with ON COMPLETION PRESERVE, which is no fault. Whether an event's runs failed is only in
-- the error log (performance_schema.error_log, 8.0.22+).
WITH ev AS (
    SELECT e.EVENT_SCHEMA, e.EVENT_NAME, e.DEFINER, e.EVENT_TYPE, e.STATUS, e.INTERVAL_VALUE, e.INTERVAL_FIELD,
           e.ORIGINATOR,
           COALESCE(CONVERT_TZ(e.EXECUTE_AT, e.TIME_ZONE, '+00:00'), e.EXECUTE_AT)       AS execute_at_utc,
           COALESCE(CONVERT_TZ(e.ENDS, e.TIME_ZONE, '+00:00'), e.ENDS)                   AS ends_utc,
           COALESCE(CONVERT_TZ(e.LAST_EXECUTED, e.TIME_ZONE, '+00:00'), e.LAST_EXECUTED) AS last_executed_utc
    FROM information_schema.EVENTS e
    WHERE e.EVENT_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
)
SELECT EVENT_SCHEMA                                               AS event_schema,
       EVENT_NAME                                                 AS event_name,
       DEFINER                                                    AS definer,
       EVENT_TYPE                                                 AS event_type,
       STATUS                                                     AS status,
       IF(EVENT_TYPE = 'RECURRING', CONCAT(INTERVAL_VALUE, ' ', INTERVAL_FIELD), NULL) AS every,
       execute_at_utc,
       ends_utc,
       last_executed_utc,
       (COALESCE(execute_at_utc, ends_utc) <= UTC_TIMESTAMP()
        OR (execute_at_utc IS NOT NULL AND last_executed_utc IS NOT NULL)) AS finished,
       ORIGINATOR                                                 AS originator,
       @@server_id                                                AS server_id,
       @@event_scheduler                                          AS event_scheduler,
       COUNT(*) OVER ()                                           AS total
FROM ev
ORDER BY status, event_schema, event_name
LIMIT 200
