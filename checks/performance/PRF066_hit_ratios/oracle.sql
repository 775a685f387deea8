-- Licence-free: the buffer cache, library cache and soft parse ratios of this instance over the last
-- 60-second metric interval (V$SYSMETRIC GROUP_ID 2, the state now, no history: the Diagnostics Pack's
-- DBA_HIST_SYSMETRIC_SUMMARY is not read). BEGIN_TIME / END_TIME are DATEs in the server clock, shown in
-- UTC by the server's current offset. worst_buffer_hit_pct is the same interval's value.
WITH off AS (
  SELECT SYSDATE - CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) AS d FROM dual
),
m AS (
  SELECT MIN(x.begin_time) AS begin_time, MAX(x.end_time) AS end_time,
         MAX(CASE WHEN x.metric_name = 'Buffer Cache Hit Ratio' THEN x.value END) AS buffer_hit_pct,
         MAX(CASE WHEN x.metric_name = 'Library Cache Hit Ratio' THEN x.value END) AS library_hit_pct,
         MAX(CASE WHEN x.metric_name = 'Soft Parse Ratio' THEN x.value END) AS soft_parse_pct
  FROM v$sysmetric x
  WHERE x.group_id = 2
    AND x.metric_name IN ('Buffer Cache Hit Ratio', 'Library Cache Hit Ratio', 'Soft Parse Ratio')
)
SELECT 'V$' AS source, CAST(NULL AS NUMBER) AS pairs, 0 AS restarts,
       TO_CHAR(m.begin_time - o.d, 'YYYY-MM-DD HH24:MI:SS') AS basis_from,
       TO_CHAR(m.end_time - o.d, 'YYYY-MM-DD HH24:MI:SS') AS basis_to, 'current' AS basis_kind,
       (SELECT TO_CHAR(i.instance_number) FROM v$instance i) AS instance_number,
       ROUND(m.buffer_hit_pct, 2) AS buffer_hit_pct, ROUND(m.buffer_hit_pct, 2) AS worst_buffer_hit_pct,
       ROUND(m.library_hit_pct, 2) AS library_hit_pct, ROUND(m.soft_parse_pct, 2) AS soft_parse_pct
FROM m CROSS JOIN off o
