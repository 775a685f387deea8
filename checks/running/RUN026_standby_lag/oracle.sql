-- Data Guard transport and apply lag on a standby (V$DATAGUARD_STATS returns no rows on a primary).
-- VALUE is an interval as text ('+00 00:00:05'); 23ai documents the names in lower case.
SELECT LOWER(g.name)                                            AS metric,
       g.value                                                  AS value,
       EXTRACT(DAY FROM TO_DSINTERVAL(g.value)) * 86400
         + EXTRACT(HOUR FROM TO_DSINTERVAL(g.value)) * 3600
         + EXTRACT(MINUTE FROM TO_DSINTERVAL(g.value)) * 60
         + EXTRACT(SECOND FROM TO_DSINTERVAL(g.value))          AS lag_s,
       g.time_computed                                          AS time_computed,
       g.datum_time                                             AS datum_time
FROM v$dataguard_stats g
WHERE UPPER(g.name) IN ('TRANSPORT LAG', 'APPLY LAG')
