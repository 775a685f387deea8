-- Scheduled events and whether they can run (MariaDB; MySQL 8: mysql.sql), from mysql.event, where
-- execute_at / starts / ends / last_executed are kept in UTC (information_schema.EVENTS shows them in
-- each event's own time zone). An event runs only when event_scheduler is ON and its status is
-- ENABLED; a replica keeps the events it replicates as SLAVESIDE_DISABLED (they must be enabled by
-- hand when it is promoted: ALTER EVENT … ENABLE); originator is the server_id it was created on.
-- finished: a one-time event that ran or is past its time, a recurring one past its ENDS — once run it
-- is dropped, or DISABLED with ON COMPLETION PRESERVE, which is no fault. Whether an event's runs
-- failed is only in the error log ("Event Scheduler: [user][db.event] …").
SELECT e.db                                                       AS event_schema,
       e.name                                                     AS event_name,
       e.definer,
       IF(e.execute_at IS NULL, 'RECURRING', 'ONE TIME')          AS event_type,
       e.status,
       IF(e.execute_at IS NULL, CONCAT(e.interval_value, ' ', e.interval_field), NULL) AS every,
       e.execute_at                                               AS execute_at_utc,
       e.ends                                                     AS ends_utc,
       e.last_executed                                            AS last_executed_utc,
       (COALESCE(e.execute_at, e.ends) <= UTC_TIMESTAMP()
        OR (e.execute_at IS NOT NULL AND e.last_executed IS NOT NULL)) AS finished,
       e.originator,
       @@server_id                                                AS server_id,
       @@event_scheduler                                          AS event_scheduler,
       COUNT(*) OVER ()                                           AS total
FROM mysql.event e
WHERE e.db NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')
ORDER BY e.status, e.db, e.name
LIMIT 200
