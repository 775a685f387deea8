-- Transaction ID age of each database's oldest unfrozen XID, against autovacuum_freeze_max_age (where
-- anti-wraparound autovacuum is forced) and against the 2^31 wraparound limit, and how many
-- anti-wraparound autovacuum workers run in the database now (NULL without pg_read_all_stats: their query
-- text is hidden, so whether one runs cannot be told).
SELECT d.datname,
       age(d.datfrozenxid)                                                                  AS xid_age,
       current_setting('autovacuum_freeze_max_age')::bigint                                 AS freeze_max_age,
       round(100.0 * age(d.datfrozenxid) / current_setting('autovacuum_freeze_max_age')::bigint, 1) AS freeze_max_pct,
       round(100.0 * age(d.datfrozenxid) / 2147483648, 2)                                   AS wraparound_pct,
       w.antiwraparound_workers
FROM pg_database d
LEFT JOIN LATERAL (
    SELECT CASE WHEN pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')
                THEN count(*) FILTER (WHERE strpos(a.query, '(to prevent wraparound)') > 0) END AS antiwraparound_workers
    FROM pg_stat_activity a
    WHERE a.backend_type = 'autovacuum worker' AND a.datid = d.oid
) w ON true
ORDER BY age(d.datfrozenxid) DESC, d.datname
