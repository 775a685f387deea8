-- Features Oracle's own usage sampling (DBA_FEATURE_USAGE_STATISTICS, sampled about once a week by MMON)
-- has seen used in this database: DETECTED_USAGES > 0 in the latest version's rows. The judge maps feature
-- names to the separately licensed option or management pack they belong to; the SQL only reads.
SELECT f.name                                                     AS feature,
       f.detected_usages                                          AS detected_usages,
       f.currently_used                                           AS currently_used,
       TO_CHAR(f.first_usage_date, 'YYYY-MM-DD')                  AS first_used,
       TO_CHAR(f.last_usage_date, 'YYYY-MM-DD')                   AS last_used,
       TO_CHAR(f.last_sample_date, 'YYYY-MM-DD')                  AS last_sample
FROM dba_feature_usage_statistics f
WHERE f.detected_usages > 0
  AND f.version = (SELECT MAX(v.version) FROM dba_feature_usage_statistics v)
ORDER BY f.name
