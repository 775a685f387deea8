-- MultiXact ID age of each database's oldest multixact, against autovacuum_multixact_freeze_max_age and
-- against the 2^31 wraparound limit.
SELECT datname,
       mxid_age(datminmxid)                                                               AS mxid_age,
       current_setting('autovacuum_multixact_freeze_max_age')::bigint                     AS freeze_max_age,
       round(100.0 * mxid_age(datminmxid)
             / current_setting('autovacuum_multixact_freeze_max_age')::bigint, 1)         AS freeze_max_pct,
       round(100.0 * mxid_age(datminmxid) / 2147483648, 2)                                AS wraparound_pct
FROM pg_database
ORDER BY mxid_age(datminmxid) DESC
