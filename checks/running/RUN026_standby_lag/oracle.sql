-- Data Guard transport and apply lag on a standby (V$DATAGUARD_STATS returns no rows on a primary), over
-- every open instance of a RAC standby (GV$DATAGUARD_STATS: apply lag has a value only on the applying
-- instance), one row per metric: the instance with a value and the largest lag. VALUE is an interval as
-- text ('+00 00:00:05'); 23ai documents the names in lower case. The reported lag is computed from data
-- the primary sends periodically: a DATUM_TIME (standby clock, 'MM/DD/YYYY HH24:MI:SS') that stops
-- moving means nothing arrives and the value is stale (19c reference), so datum_age_s is how long ago
-- that data came and behind_s = lag_s + datum_age_s is how far behind the standby can be now.
WITH s AS (
  SELECT LOWER(g.name) AS metric,
         g.inst_id,
         g.value,
         EXTRACT(DAY FROM TO_DSINTERVAL(g.value)) * 86400
           + EXTRACT(HOUR FROM TO_DSINTERVAL(g.value)) * 3600
           + EXTRACT(MINUTE FROM TO_DSINTERVAL(g.value)) * 60
           + EXTRACT(SECOND FROM TO_DSINTERVAL(g.value)) AS lag_s,
         CASE WHEN VALIDATE_CONVERSION(g.datum_time AS DATE, 'MM/DD/YYYY HH24:MI:SS') = 1
              THEN GREATEST(0, ROUND((SYSDATE - TO_DATE(g.datum_time, 'MM/DD/YYYY HH24:MI:SS')) * 86400))
         END AS datum_age_s,
         g.time_computed,
         g.datum_time
  FROM gv$dataguard_stats g
  WHERE UPPER(g.name) IN ('TRANSPORT LAG', 'APPLY LAG')
),
ranked AS (
  SELECT s.*,
         ROW_NUMBER() OVER (PARTITION BY s.metric
                            ORDER BY CASE WHEN s.value IS NULL THEN 1 ELSE 0 END, s.lag_s DESC) AS rn
  FROM s
)
SELECT r.metric                               AS metric,
       TO_CHAR(r.inst_id)                     AS inst_id,
       r.value                                AS value,
       r.lag_s                                AS lag_s,
       r.datum_age_s                          AS datum_age_s,
       r.lag_s + NVL(r.datum_age_s, 0)        AS behind_s,
       r.time_computed                        AS time_computed,
       r.datum_time                           AS datum_time
FROM ranked r
WHERE r.rn = 1
