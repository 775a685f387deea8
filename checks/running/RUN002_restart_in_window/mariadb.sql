-- Server start = now (UTC) minus the Uptime status counter; is it inside the inspection window (UTC,
-- half-open [window_start, window_end))? A mysqld that crashed is started again (systemd,
-- mysqld_safe), so a crash shows here as a restart: crashed_at stays NULL.
SELECT DATE_FORMAT(u.started_at, '%Y-%m-%dT%H:%i:%sZ')                        AS started_at,  -- UTC, said so
       u.uptime_s                                                            AS uptime_s,
       (u.started_at >= :window_start AND u.started_at < :window_end)        AS restarted_in_window,
       NULL                                                                  AS crashed_at,
       0                                                                     AS crashed_in_window
FROM (SELECT UTC_TIMESTAMP() - INTERVAL CAST(variable_value AS UNSIGNED) SECOND AS started_at,
             CAST(variable_value AS UNSIGNED)                               AS uptime_s
      FROM information_schema.global_status
      WHERE variable_name = 'UPTIME') u
