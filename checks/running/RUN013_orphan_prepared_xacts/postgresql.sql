-- Prepared (two-phase) transactions waiting for COMMIT/ROLLBACK PREPARED, with their age.
SELECT gid,
       owner,
       database,
       prepared,
       extract(epoch FROM now() - prepared)::bigint     AS age_s,
       age(transaction)                                 AS xid_age
FROM pg_prepared_xacts
ORDER BY prepared
