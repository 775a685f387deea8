-- When the instance started (V$INSTANCE.STARTUP_TIME is a DATE in the database server's clock, the
-- one SYSDATE reads), and whether that start, converted to UTC, falls in [window_start, window_end).
-- The conversion subtracts the uptime from SYS_EXTRACT_UTC(SYSTIMESTAMP), as RUN002 does for MySQL.
SELECT i.instance_name                                                          AS instance_name,
       TO_CHAR(i.startup_time, 'YYYY-MM-DD HH24:MI:SS')                         AS started_local,
       ROUND((SYSDATE - i.startup_time) * 86400)                                AS uptime_s,
       CASE WHEN SYS_EXTRACT_UTC(SYSTIMESTAMP) - NUMTODSINTERVAL(ROUND((SYSDATE - i.startup_time) * 86400), 'SECOND')
                 >= CAST(:window_start AS TIMESTAMP)
             AND SYS_EXTRACT_UTC(SYSTIMESTAMP) - NUMTODSINTERVAL(ROUND((SYSDATE - i.startup_time) * 86400), 'SECOND')
                 < CAST(:window_end AS TIMESTAMP)
            THEN 1 ELSE 0 END                                                   AS restarted_in_window
FROM v$instance i
