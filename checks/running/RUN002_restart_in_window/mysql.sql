-- MySQL 8: status lives in performance_schema. Server start = now (UTC) minus the Uptime status counter; is it inside the inspection window (UTC)?
SELECT UTC_TIMESTAMP() - INTERVAL u.uptime_s SECOND                                   AS started_at,
       u.uptime_s                                                                    AS uptime_s,
       (UTC_TIMESTAMP() - INTERVAL u.uptime_s SECOND) BETWEEN :window_start AND :window_end AS restarted_in_window
FROM (SELECT CAST(variable_value AS UNSIGNED) AS uptime_s
      FROM performance_schema.global_status
      WHERE variable_name = 'Uptime') u
