-- PGA use of every open instance since its startup (GV$PGASTAT, cumulative since the instance started):
-- 'over allocation count' (times Oracle had to allocate more PGA than PGA_AGGREGATE_TARGET because work
-- areas could not shrink further), 'maximum PGA allocated' against PGA_AGGREGATE_TARGET and
-- PGA_AGGREGATE_LIMIT (past the limit Oracle aborts the calls or sessions using the most PGA, ORA-04036).
-- Values are bytes (the counts are counts); a limit of 0 means no limit.
SELECT TO_CHAR(s.inst_id)                                                                   AS inst_id,
       MAX(CASE WHEN s.name = 'over allocation count' THEN s.value END)                    AS over_allocation_count,
       ROUND(MAX(CASE WHEN s.name = 'maximum PGA allocated' THEN s.value END) / 1048576)   AS max_allocated_mb,
       ROUND(MAX(CASE WHEN s.name = 'total PGA allocated' THEN s.value END) / 1048576)     AS allocated_mb,
       ROUND(MAX(CASE WHEN s.name = 'aggregate PGA target parameter' THEN s.value END) / 1048576) AS target_mb,
       ROUND(MAX(l.limit_bytes) / 1048576)                                                 AS limit_mb,
       ROUND(100 * MAX(CASE WHEN s.name = 'maximum PGA allocated' THEN s.value END)
             / NULLIF(MAX(l.limit_bytes), 0), 1)                                           AS max_pct_of_limit,
       TO_CHAR(MAX(i.startup_time), 'YYYY-MM-DD HH24:MI:SS')                               AS counters_since
FROM gv$pgastat s
JOIN gv$instance i ON i.inst_id = s.inst_id
LEFT JOIN (SELECT p.inst_id, TO_NUMBER(p.value) AS limit_bytes FROM gv$parameter p
           WHERE p.name = 'pga_aggregate_limit') l ON l.inst_id = s.inst_id
GROUP BY s.inst_id
ORDER BY 1
