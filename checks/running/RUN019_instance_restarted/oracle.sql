-- When each open instance of the database started (GV$INSTANCE: every running RAC instance, or the
-- single instance), most recent first, and whether that start, converted to UTC, falls in
-- [window_start, window_end). STARTUP_TIME is a DATE in the database server's clock, the one SYSDATE
-- reads (RAC nodes keep one time by NTP / CTSS): the start in UTC is SYS_EXTRACT_UTC(SYSTIMESTAMP)
-- minus the uptime, as RUN002 does for MySQL.
SELECT i.instance_name                                                          AS instance_name,
       TO_CHAR(i.startup_time, 'YYYY-MM-DD HH24:MI:SS')                         AS started_local,
       ROUND((SYSDATE - i.startup_time) * 86400)                                AS uptime_s,
       CASE WHEN SYS_EXTRACT_UTC(SYSTIMESTAMP) - NUMTODSINTERVAL(ROUND((SYSDATE - i.startup_time) * 86400), 'SECOND')
                 >= CAST(:window_start AS TIMESTAMP)
             AND SYS_EXTRACT_UTC(SYSTIMESTAMP) - NUMTODSINTERVAL(ROUND((SYSDATE - i.startup_time) * 86400), 'SECOND')
                 < CAST(:window_end AS TIMESTAMP)
            THEN 1 ELSE 0 END                                                   AS restarted_in_window
FROM gv$instance i
ORDER BY i.startup_time DESC
