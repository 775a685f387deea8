-- Instance resources with a numeric limit, on every open instance (GV$RESOURCE_LIMIT; each RAC instance
-- has its own PROCESSES / SESSIONS): current and since-startup peak use against the limit. LIMIT_VALUE is
-- text (' UNLIMITED' or a number with leading blanks; the Oracle exporter's default_metrics.toml trims it
-- the same way). The WHERE keeps numeric limits only, so TO_NUMBER in the select list never fails.
SELECT TO_CHAR(r.inst_id)                                                           AS inst_id,
       r.resource_name                                                              AS resource_name,
       r.current_utilization                                                        AS current_utilization,
       r.max_utilization                                                            AS max_utilization,
       TO_NUMBER(TRIM(r.limit_value))                                               AS limit_value,
       ROUND(100 * r.current_utilization / TO_NUMBER(TRIM(r.limit_value)), 1)       AS used_pct,
       ROUND(100 * r.max_utilization / TO_NUMBER(TRIM(r.limit_value)), 1)           AS max_pct
FROM gv$resource_limit r
WHERE TRIM(r.limit_value) NOT IN ('UNLIMITED', '0')
  AND TRIM(TRANSLATE(TRIM(r.limit_value), '0123456789', '          ')) IS NULL
ORDER BY r.inst_id, r.resource_name
