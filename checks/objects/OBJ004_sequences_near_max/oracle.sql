-- Non-cycling sequences that have used most of their range: LAST_NUMBER (the last value written to
-- disk, at or past the last one handed out) against MAX_VALUE, or MIN_VALUE for descending ones.
SELECT s.sequence_owner                                                        AS owner,
       s.sequence_name                                                         AS sequence_name,
       s.last_number                                                           AS last_number,
       CASE WHEN s.increment_by > 0 THEN s.max_value ELSE s.min_value END      AS limit_value,
       ROUND(100 * CASE WHEN s.increment_by > 0
                        THEN (s.last_number - s.min_value) / NULLIF(s.max_value - s.min_value, 0)
                        ELSE (s.max_value - s.last_number) / NULLIF(s.max_value - s.min_value, 0) END, 2) AS used_pct
FROM dba_sequences s
WHERE s.cycle_flag = 'N'
  AND CASE WHEN s.increment_by > 0
           THEN (s.last_number - s.min_value) / NULLIF(s.max_value - s.min_value, 0)
           ELSE (s.max_value - s.last_number) / NULLIF(s.max_value - s.min_value, 0) END >= 0.5
ORDER BY 5 DESC
FETCH FIRST 100 ROWS ONLY
