-- Share of transactions that rolled back, per connectable database, cumulative since the stats reset
-- (or, never reset, since at least server start). The judge skips databases with too few transactions.
SELECT d.datname                                                                    AS scope,
       d.xact_commit,
       d.xact_rollback,
       d.xact_commit + d.xact_rollback                                              AS xacts,
       round(100.0 * d.xact_rollback / nullif(d.xact_commit + d.xact_rollback, 0), 2) AS rollback_pct,
       coalesce(d.stats_reset, pg_postmaster_start_time())                          AS since
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
WHERE db.datallowconn AND NOT db.datistemplate
ORDER BY rollback_pct DESC NULLS LAST
