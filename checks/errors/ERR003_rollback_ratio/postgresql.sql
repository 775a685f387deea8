-- Share of transactions that rolled back, per connectable database, cumulative since the counters
-- started: the later of the database's own stats_reset and the last crash / initdb (the earlier of
-- pg_stat_archiver's and pg_stat_bgwriter's stats_reset; a crash resets both, a clean restart
-- neither, and PG15+ keeps counters across clean restarts). The judge skips databases with fewer
-- transactions than its min_xacts guard.
WITH epoch AS (
    SELECT least((SELECT stats_reset FROM pg_stat_archiver), (SELECT stats_reset FROM pg_stat_bgwriter)) AS last_crash
)
SELECT d.datname                                                                    AS scope,
       d.xact_commit,
       d.xact_rollback,
       d.xact_commit + d.xact_rollback                                              AS xacts,
       round(100.0 * d.xact_rollback / nullif(d.xact_commit + d.xact_rollback, 0), 2) AS rollback_pct,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
CROSS JOIN epoch e
WHERE db.datallowconn AND NOT db.datistemplate
ORDER BY rollback_pct DESC NULLS LAST
