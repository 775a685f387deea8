-- Transaction ID age of each database's oldest unfrozen XID, against autovacuum_freeze_max_age (where
-- anti-wraparound autovacuum is forced) and against the 2^31 wraparound limit.
SELECT datname,
       age(datfrozenxid)                                                                  AS xid_age,
       current_setting('autovacuum_freeze_max_age')::bigint                               AS freeze_max_age,
       round(100.0 * age(datfrozenxid) / current_setting('autovacuum_freeze_max_age')::bigint, 1) AS freeze_max_pct,
       round(100.0 * age(datfrozenxid) / 2147483648, 2)                                   AS wraparound_pct
FROM pg_database
ORDER BY age(datfrozenxid) DESC
