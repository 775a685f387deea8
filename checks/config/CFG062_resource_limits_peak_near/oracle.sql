-- The peak use since startup (MAX_UTILIZATION) of every instance resource with a numeric limit, on every
-- open instance (GV$RESOURCE_LIMIT: processes, sessions, transactions, enqueue locks, parallel servers …).
-- RUN020 rates the current use of processes and sessions daily; this is the monthly headroom: how close the
-- busiest moment since startup came to each limit. LIMIT_VALUE is text (' UNLIMITED' or a number with
-- leading blanks): the WHERE keeps numeric limits only, as RUN020 does.
SELECT TO_CHAR(r.inst_id)                                                           AS inst_id,
       r.resource_name                                                              AS resource_name,
       r.max_utilization                                                            AS max_utilization,
       TO_NUMBER(TRIM(r.limit_value))                                               AS limit_value,
       ROUND(100 * r.max_utilization / TO_NUMBER(TRIM(r.limit_value)), 1)           AS max_pct,
       TO_CHAR(i.startup_time, 'YYYY-MM-DD HH24:MI:SS')                             AS counters_since
FROM gv$resource_limit r
JOIN gv$instance i ON i.inst_id = r.inst_id
WHERE TRIM(r.limit_value) NOT IN ('UNLIMITED', '0')
  AND TRIM(TRANSLATE(TRIM(r.limit_value), '0123456789', '          ')) IS NULL
ORDER BY 5 DESC
