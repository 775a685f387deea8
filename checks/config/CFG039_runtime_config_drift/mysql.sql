-- MySQL 8 (MariaDB: mariadb.sql): what performance_schema.variables_info records of each global
-- variable's last change: VARIABLE_SOURCE DYNAMIC (SET GLOBAL at runtime, not persisted: the running
-- value is not the configuration's and a restart reverts it), and SET_TIME / SET_USER / SET_HOST of
-- every change (SET GLOBAL or SET PERSIST) made inside the window. SET_TIME is a TIMESTAMP shown in the
-- session time zone: converted to UTC to compare with the window.
SELECT vi.VARIABLE_NAME                                                    AS name,
       gv.VARIABLE_VALUE                                                   AS setting,
       CAST(NULL AS CHAR)                                                  AS default_value,
       vi.VARIABLE_SOURCE                                                  AS source,
       CONVERT_TZ(vi.SET_TIME, @@session.time_zone, '+00:00')              AS set_time,
       CONCAT(vi.SET_USER, '@', vi.SET_HOST)                               AS set_by,
       CONVERT_TZ(vi.SET_TIME, @@session.time_zone, '+00:00') >= :window_start
         AND CONVERT_TZ(vi.SET_TIME, @@session.time_zone, '+00:00') < :window_end AS changed_in_window
FROM performance_schema.variables_info vi
JOIN performance_schema.global_variables gv ON gv.VARIABLE_NAME = vi.VARIABLE_NAME
WHERE vi.VARIABLE_SOURCE = 'DYNAMIC'
   OR (vi.SET_TIME IS NOT NULL
       AND CONVERT_TZ(vi.SET_TIME, @@session.time_zone, '+00:00') >= :window_start
       AND CONVERT_TZ(vi.SET_TIME, @@session.time_zone, '+00:00') < :window_end)
ORDER BY vi.SET_TIME DESC
LIMIT 200
